import type { ServerMessage } from '@parley/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { frameOf } from './frames.ts';

afterEach(() => vi.restoreAllMocks());

describe('frameOf', () => {
  it('serialises a message fanned out to several sockets once', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const message: ServerMessage = { type: 'pong' };
    const first = frameOf(message);
    const second = frameOf(message);
    expect(second).toBe(first);
    expect(stringify).toHaveBeenCalledTimes(1);
    expect(JSON.parse(first.toString('utf8'))).toEqual({ type: 'pong' });
  });

  it('encodes each message object on its own, non-ASCII text intact', () => {
    const a: ServerMessage = { type: 'error', code: 'rate_limited', message: 'Zażółć gęślą jaźń', ref: null };
    const b: ServerMessage = { type: 'error', code: 'rate_limited', message: 'other', ref: null };
    expect(JSON.parse(frameOf(a).toString('utf8'))).toMatchObject({ message: 'Zażółć gęślą jaźń' });
    expect(JSON.parse(frameOf(b).toString('utf8'))).toMatchObject({ message: 'other' });
  });
});
