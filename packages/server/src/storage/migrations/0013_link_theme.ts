import type { Kysely, Migration } from 'kysely';

/**
 * Issue 21 item 4, [EA9]: a link's button look and place (labels per language, colours, corner,
 * offset, panel size) as one JSON text, validated by `LinkTheme` when written and read; null is
 * Parley's default look, which every existing link keeps.
 */
export const linkTheme: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('links').addColumn('theme', 'text').execute();
  },
};
