import { describe, expect, it } from 'vitest';
import type { CobrowseSignal } from '@parley/protocol';
import { CobrowseControl } from './control.ts';

const click: CobrowseSignal = { kind: 'click', node: 4 };
const type: CobrowseSignal = { kind: 'type', node: 4, value: 'Jane' };
const grant: CobrowseSignal = { kind: 'control', granted: true };
const revoke: CobrowseSignal = { kind: 'control', granted: false };

describe('CobrowseControl', () => {
  it('[CB8] refuses clicks and typing until the visitor grants control, and a grant while the tenant does not allow it', () => {
    const control = new CobrowseControl();
    const conversation = {};
    expect(() => control.admit(conversation, click, true)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => control.admit(conversation, grant, false)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => control.admit(conversation, click, false)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    control.admit(conversation, grant, true);
    expect(() => control.admit(conversation, click, true)).not.toThrow();
    expect(() => control.admit(conversation, type, true)).not.toThrow();
    // The tenant turned it off meanwhile: refused although granted.
    expect(() => control.admit(conversation, type, false)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    // Another conversation has its own grant.
    expect(() => control.admit({}, click, true)).toThrow(expect.objectContaining({ code: 'forbidden' }));
  });

  it('[CB8] the grant ends when taken back, when sharing stops and when it starts again', () => {
    const control = new CobrowseControl();
    const conversation = {};
    for (const end of [revoke, { kind: 'stop' }, { kind: 'answer', accepted: true }] as CobrowseSignal[]) {
      control.admit(conversation, grant, true);
      control.admit(conversation, end, true);
      expect(() => control.admit(conversation, click, true)).toThrow(expect.objectContaining({ code: 'forbidden' }));
    }
    // Taking back is always allowed, also once the tenant turned control off.
    expect(() => control.admit(conversation, revoke, false)).not.toThrow();
    // Other signals are not its business.
    expect(() => control.admit(conversation, { kind: 'highlight', node: 4 }, false)).not.toThrow();
  });
});
