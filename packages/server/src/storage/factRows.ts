import type { Kysely, Selectable } from 'kysely';
import type { ConversationRecord } from '../domain/ports/conversationStore.ts';
import { factRowOf, type ConversationFacts } from '../domain/reports/facts.ts';
import { factDelta } from '../domain/reports/rollup.ts';
import { applyRollupDelta, rollupFactColumns, rollupFactOf } from './rollupRows.ts';
import type { Database } from './schema.ts';
import { num, numOrNull } from './rows.ts';

/**
 * [RP1] Writes a conversation's report fact row beside it. The link and queue time are those it
 * came in with (set once); [RP2] its department is the one the visitor chose, else the link's.
 * [RP10] The row's old contribution to the per-day rollups is taken out and the new one put in,
 * by the same transaction (the caller's: see SqlConversationStore.saveConversation).
 */
export async function saveFactRow(db: Kysely<Database>, record: ConversationRecord): Promise<void> {
  const row = factRowOf(record.state, record.facts, record.visitorSetup?.mode ?? null);
  const values = {
    consultant_id: row.consultantId,
    mode: row.mode,
    answered_at: row.answeredAt,
    closed_at: row.closedAt,
    outcome: row.outcome,
    wait_ms: row.waitMs,
    handle_ms: row.handleMs,
    transfers: row.transfers,
    unanswered_rings: row.unansweredRings,
    left_message: row.leftMessage ? 1 : 0,
    disposition: row.disposition,
  };
  const before = await db
    .selectFrom('conversation_facts')
    .select(rollupFactColumns)
    .where('conversation_id', '=', record.id)
    .executeTakeFirst();
  const departmentId = before
    ? before.department_id
    : (record.departmentId ??
      (await db.selectFrom('links').select('department_id').where('id', '=', record.linkId).executeTakeFirst())
        ?.department_id ??
      null);
  await db
    .insertInto('conversation_facts')
    .values({
      ...values,
      conversation_id: record.id,
      tenant_id: record.tenantId,
      link_id: record.linkId,
      department_id: departmentId,
      queued_at: record.state.queuedAt,
    })
    .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
    .execute();
  // Set once by the first write: a later save does not move them.
  const kept = {
    link_id: before?.link_id ?? record.linkId,
    department_id: departmentId,
    queued_at: before?.queued_at ?? record.state.queuedAt,
  };
  const after = rollupFactOf({ ...values, ...kept });
  await applyRollupDelta(db, record.tenantId, num(kept.queued_at), factDelta(before && rollupFactOf(before), after));
}

type FactColumns = Pick<
  Selectable<Database['conversation_facts']>,
  'answered_at' | 'wait_ms' | 'transfers' | 'unanswered_rings' | 'left_message'
>;

/** The facts kept so far, as the live conversation carries them; undefined without a row. */
export function factsOf(row: { [K in keyof FactColumns]: FactColumns[K] | null }): ConversationFacts | undefined {
  if (row.transfers === null) return undefined;
  return {
    answeredAt: numOrNull(row.answered_at),
    waitMs: numOrNull(row.wait_ms),
    transfers: row.transfers,
    unansweredRings: row.unanswered_rings ?? 0,
    leftMessage: row.left_message === 1,
  };
}

/** The fact columns {@link factsOf} reads, for a left join from `conversations`. */
export const factColumns = [
  'conversation_facts.answered_at',
  'conversation_facts.wait_ms',
  'conversation_facts.transfers',
  'conversation_facts.unanswered_rings',
  'conversation_facts.left_message',
] as const;
