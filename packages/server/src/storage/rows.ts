/** PostgreSQL returns bigint columns as strings, SQLite as numbers: every store normalises here. */
export const num = (value: number | string): number => Number(value);
export const numOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));
