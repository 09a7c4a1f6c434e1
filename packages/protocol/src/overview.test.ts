import { describe, expect, it } from 'vitest';
import { ClientMessage } from './messages.ts';
import { canOversee } from './overview.ts';
import { Role } from './admin.ts';

describe('overview messages', () => {
  it('[OV7] overview commands are validated at the edge: ids, a bounded reason, known types only', () => {
    const ok = (message: unknown) => ClientMessage.safeParse(message).success;
    expect(ok({ type: 'overview.watch', watch: true })).toBe(true);
    expect(ok({ type: 'overview.watch', watch: 'yes' })).toBe(false);
    expect(ok({ type: 'overview.observe', conversationId: null })).toBe(true);
    expect(ok({ type: 'overview.observe', conversationId: '' })).toBe(false);
    expect(ok({ type: 'overview.take_over', conversationId: 'c'.repeat(65) })).toBe(false);
    const transfer = { type: 'overview.transfer', conversationId: 'conv_1', consultantId: 'con_2' };
    expect(ok({ ...transfer, reason: '' })).toBe(true);
    expect(ok({ ...transfer, reason: 'x'.repeat(501) })).toBe(false);
    expect(ok({ ...transfer })).toBe(false);
    expect(ok({ type: 'overview.spy', conversationId: 'conv_1' })).toBe(false);
  });

  it('[OV1] supervisors and admins oversee; consultants do not; the role list has the three', () => {
    expect(Role.options).toEqual(['consultant', 'supervisor', 'admin']);
    expect(Role.options.filter((role) => canOversee(role))).toEqual(['supervisor', 'admin']);
  });
});
