import type { Kysely, Migration } from 'kysely';

/**
 * Issue 22 items 4 and 5: [CR1] a canned response may belong to one consultant (`owner_id`) and
 * counts its insertions (`use_count`, [CR4]); [DC2] a request remembers the department the visitor
 * chose, so routing follows it after a restart too ([P5]).
 */
export const cannedOwnerAndChosenDepartment: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('canned_responses').addColumn('owner_id', 'text').execute();
    await db.schema
      .alterTable('canned_responses')
      .addColumn('use_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('conversations').addColumn('department_id', 'text').execute();
  },
};
