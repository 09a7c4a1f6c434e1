import { describe, expect, it } from 'vitest';
import { FakeRuntime } from '../runtime.ts';
import type { PrivacySettings, PrivacyStore, RetentionCutoffs } from './privacy.ts';
import { RetentionJob } from './retentionJob.ts';

const DAY = 86_400_000;

function storeOf(settings: Record<string, PrivacySettings | undefined>, failing: string[] = []) {
  const purges: { tenantId: string; cutoffs: RetentionCutoffs }[] = [];
  const store: PrivacyStore = {
    privacySettings: (t) => Promise.resolve(settings[t]),
    setPrivacySettings: () => Promise.resolve(),
    purge: (tenantId, cutoffs) => {
      if (failing.includes(tenantId)) return Promise.reject(new Error('disk full'));
      purges.push({ tenantId, cutoffs });
      return Promise.resolve({ messages: 1 });
    },
    exportContact: () => Promise.resolve(undefined),
    eraseContact: () => Promise.resolve(undefined),
    tenantIds: () => Promise.resolve(Object.keys(settings)),
  };
  return { store, purges };
}

describe('the retention job ([GD2])', () => {
  it('runs a minute after start, then hourly, with each tenant’s own periods (defaults when unset)', async () => {
    const rt = new FakeRuntime(100 * DAY);
    const custom = { chatDays: 1, notesDays: null, inboxDays: 2, visitsDays: 3, privacyUrl: null };
    const { store, purges } = storeOf({ a: custom, b: undefined });
    const job = new RetentionJob(store, rt, () => undefined);
    job.start();
    rt.advance(59_999);
    await new Promise((r) => setImmediate(r));
    expect(purges).toEqual([]);
    rt.advance(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(purges).toEqual([
      { tenantId: 'a', cutoffs: { chat: 99 * DAY + 60_000, inbox: 98 * DAY + 60_000, visits: 97 * DAY + 60_000 } },
      {
        tenantId: 'b',
        cutoffs: {
          chat: 100 * DAY + 60_000 - 365 * DAY,
          notes: 100 * DAY + 60_000 - 365 * DAY,
          inbox: 100 * DAY + 60_000 - 365 * DAY,
          visits: 100 * DAY + 60_000 - 90 * DAY,
        },
      },
    ]);
    rt.advance(3_600_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(purges).toHaveLength(4);
    job.stop();
    rt.advance(10 * 3_600_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(purges).toHaveLength(4);
  });

  it('one tenant failing is reported and does not stop the others', async () => {
    const rt = new FakeRuntime(100 * DAY);
    const { store, purges } = storeOf({ a: undefined, b: undefined, c: undefined }, ['b']);
    const reports: string[] = [];
    const job = new RetentionJob(store, rt, (tenantId, result) =>
      reports.push(`${tenantId}:${result instanceof Error ? result.message : 'ok'}`),
    );
    await job.runOnce();
    expect(purges.map((p) => p.tenantId)).toEqual(['a', 'c']);
    expect(reports).toEqual(['a:ok', 'b:disk full', 'c:ok']);
  });
});
