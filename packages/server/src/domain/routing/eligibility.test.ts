import { describe, expect, it } from 'vitest';
import { consultantDefaults, linkDefaults, type Consultant, type Link } from '../tenants/directory.ts';
import { routableLinkIds } from './eligibility.ts';
import { estimateWaitMs, recordHandling, HANDLING_SAMPLES } from './estimate.ts';

const consultant: Consultant = {
  id: 'c1',
  tenantId: 't1',
  email: 'c1@t.test',
  name: 'C1',
  role: 'consultant',
  passwordHash: 'x',
  ...consultantDefaults,
  departmentId: 'sales',
};
const link = (id: string, extra: Partial<Link>): Link => ({
  id,
  tenantId: 't1',
  key: id,
  name: id,
  ...linkDefaults,
  ...extra,
});

describe('eligibility', () => {
  const links = [
    link('consult-mine', {}),
    link('consult-other', {}),
    link('pool-tenant', { mode: 'pool' }),
    link('pool-sales', { mode: 'pool', departmentId: 'sales' }),
    link('pool-support', { mode: 'pool', departmentId: 'support' }),
    link('broadcast-mine', { mode: 'broadcast' }),
    link('broadcast-other', { mode: 'broadcast' }),
    link('foreign-pool', { mode: 'pool', tenantId: 't2' }),
  ];
  const assigned = ['consult-mine', 'broadcast-mine'];

  it('[R1] consultation links route only to their assigned consultants', () => {
    const ids = routableLinkIds(consultant, links, assigned);
    expect(ids).toContain('consult-mine');
    expect(ids).not.toContain('consult-other');
  });

  it("[R2] pool links route to the department's consultants, or the whole tenant without a department", () => {
    const ids = routableLinkIds(consultant, links, assigned);
    expect(ids).toEqual(expect.arrayContaining(['pool-tenant', 'pool-sales']));
    expect(ids).not.toContain('pool-support');
    expect(ids).not.toContain('foreign-pool');
    expect(routableLinkIds(consultant, links, [...assigned, 'pool-support'])).toContain('pool-support');
  });

  it('[R3] broadcast links belong to their assigned consultants; a deactivated consultant serves nothing', () => {
    const ids = routableLinkIds(consultant, links, assigned);
    expect(ids).toContain('broadcast-mine');
    expect(ids).not.toContain('broadcast-other');
    expect(routableLinkIds({ ...consultant, active: false }, links, assigned)).toEqual([]);
  });
});

describe('wait estimate', () => {
  it('[Q5] shares the line among available consultants using recent handling times', () => {
    const samples = [60_000, 120_000]; // average 90 s
    expect(estimateWaitMs(1, 1, samples)).toBe(45_000);
    expect(estimateWaitMs(2, 1, samples)).toBe(135_000);
    expect(estimateWaitMs(3, 2, samples)).toBe(135_000);
    expect(estimateWaitMs(2, 2, samples)).toBe(45_000);
  });

  it('[Q5] gives no estimate without history or without anybody available', () => {
    expect(estimateWaitMs(1, 1, [])).toBeNull();
    expect(estimateWaitMs(1, 0, [60_000])).toBeNull();
  });

  it('[Q5] keeps only the most recent handling times', () => {
    let samples: number[] = [];
    for (let i = 0; i < HANDLING_SAMPLES + 5; i++) samples = recordHandling(samples, i);
    expect(samples).toHaveLength(HANDLING_SAMPLES);
    expect(samples[0]).toBe(5);
  });
});
