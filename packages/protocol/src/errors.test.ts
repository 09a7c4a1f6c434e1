import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { summarizeIssues } from './errors.ts';

describe('summarizeIssues: the one text form of validation issues', () => {
  const Body = z.object({ name: z.string(), size: z.number(), tags: z.array(z.string()), note: z.string() });

  it('names each issue by its path, the first three only, for an invalid_message error', () => {
    const result = Body.safeParse({ name: 1, size: 'x', tags: [2] });
    expect(result.success).toBe(false);
    const text = summarizeIssues(result.error?.issues ?? []);
    expect(text.split('; ')).toHaveLength(3);
    expect(text).toMatch(/^name: .+; size: .+; tags\.0: .+$/);
  });

  it('says (root) when the whole value is wrong, and prefixes paths for a command line', () => {
    expect(summarizeIssues(z.object({}).safeParse(7).error?.issues ?? [])).toMatch(/^\(root\): /);
    expect(summarizeIssues([{ path: ['admin-email'], message: 'Invalid email' }], '--')).toBe(
      '--admin-email: Invalid email',
    );
  });
});
