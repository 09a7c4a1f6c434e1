/** The SQL engines Parley stores in; a migration's SQL may differ between them, never its name. */
export type SqlDialectName = 'sqlite' | 'postgres';
