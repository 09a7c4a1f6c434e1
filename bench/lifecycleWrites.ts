import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  initialState,
  transition,
  type ConversationEvent,
} from '../packages/server/src/domain/conversations/lifecycle.ts';
import type { ConversationRecord } from '../packages/server/src/domain/ports/conversationStore.ts';
import { nextFacts, noFacts } from '../packages/server/src/domain/reports/facts.ts';
import { linkDefaults } from '../packages/server/src/domain/tenants/directory.ts';
import { migrateToLatest, openSqliteOnWorker } from '../packages/server/src/storage/database.ts';
import { sqlStores } from '../packages/server/src/storage/stores.ts';

/**
 * [RP10] `npm run bench writes`: the cost of a conversation's lifecycle writes (queued, rung,
 * answered, ended, done: five saves of the conversation and its fact row, and now the rollup
 * delta) on SQLite on its worker thread, one after another as one tenant's core makes them.
 * Uses only APIs older than the rollups, so the same file times the code before them.
 */
export async function benchLifecycleWrites(
  conversations: number,
): Promise<{ perSaveUs: number; perLifecycleMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-writes-'));
  try {
    const database = openSqliteOnWorker(join(dir, 'parley.sqlite'));
    await migrateToLatest(database);
    const stores = sqlStores(database.db, () => 0);
    const tenantId = 'ten_writes';
    await stores.tenants.createTenant({ id: tenantId, name: 'Writes', slug: 'writes' });
    await stores.departments.createDepartment({ id: 'dep_w', tenantId, name: 'Sales' });
    for (let l = 0; l < 4; l++)
      await stores.links.createLink({
        ...linkDefaults,
        id: `link_${l}`,
        tenantId,
        key: `k${l}`,
        name: `l${l}`,
        departmentId: 'dep_w',
      });
    const start0 = Date.parse('2025-06-02T08:00:00Z');
    let saves = 0;
    const started = performance.now();
    for (let i = 0; i < conversations; i++) {
      const queuedAt = start0 + i * 30_000;
      const visitorId = `vis_${i}`;
      await stores.visitors.createVisitor({ id: visitorId, tenantId, linkId: `link_${i % 4}`, name: '' }, `h${i}`);
      let record: ConversationRecord = {
        id: `conv_${i}`,
        tenantId,
        linkId: `link_${i % 4}`,
        visitorId,
        visitorName: 'V',
        state: initialState(queuedAt),
        facts: noFacts,
        visitorSetup: { mediaCheck: 'passed', mode: 'video', webrtc: true, client: null },
      };
      await stores.conversations.saveConversation(record);
      saves++;
      const consultantId = `con_${i % 10}`;
      const events: ConversationEvent[] = [
        { type: 'offer', consultantId, at: queuedAt + 2_000 },
        { type: 'accept', consultantId, at: queuedAt + 9_000 + (i % 60) * 1000 },
        { type: 'end', reason: 'visitor_ended', at: queuedAt + 300_000 + (i % 600) * 1000 },
        { type: 'mark_done', consultantId, disposition: i % 3 === 0 ? 'sale' : null, at: queuedAt + 900_000 },
      ];
      for (const event of events) {
        const state = transition(record.state, event);
        record = { ...record, state, facts: nextFacts(record.facts ?? noFacts, record.state, event) };
        await stores.conversations.saveConversation(record);
        saves++;
      }
    }
    const elapsed = performance.now() - started;
    await database.db.destroy();
    // Visitor creation is in the loop too, before and after alike.
    return { perSaveUs: (elapsed * 1000) / saves, perLifecycleMs: elapsed / conversations };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 2000);
  const runs: { perSaveUs: number; perLifecycleMs: number }[] = [];
  for (let run = 0; run < 3; run++) runs.push(await benchLifecycleWrites(count));
  runs.sort((a, b) => a.perLifecycleMs - b.perLifecycleMs);
  const median = runs[1];
  process.stdout.write(
    `lifecycle writes (SQLite worker, ${count} conversations × 5 saves, median of 3): ${median?.perLifecycleMs.toFixed(2)} ms per lifecycle, ${median?.perSaveUs.toFixed(0)} µs per save\n`,
  );
}
