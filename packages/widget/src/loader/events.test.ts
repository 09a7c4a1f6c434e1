import { describe, expect, it } from 'vitest';
import { createEmitter } from './events.ts';

describe('[EA3] the page’s event handlers', () => {
  it('[EA3] a handler that throws is reported and the next handler still runs', () => {
    const reported: string[] = [];
    const events = createEmitter((name, error) => reported.push(`${name}: ${String(error)}`));
    const seen: unknown[] = [];
    events.on('message', () => {
      throw new Error('page bug');
    });
    events.on('message', (payload: unknown) => seen.push(payload));
    events.emit('message', { unread: 2 });
    expect(reported).toEqual(['message: Error: page bug']);
    expect(seen).toEqual([{ unread: 2 }]);
  });

  it('[EA3] each handler gets its own copy of the payload', () => {
    const events = createEmitter(() => undefined);
    const seen: unknown[] = [];
    events.on('availability', (payload: { available: boolean }) => {
      payload.available = false;
    });
    events.on('availability', (payload: unknown) => seen.push(payload));
    events.emit('availability', { available: true });
    expect(seen).toEqual([{ available: true }]);
  });

  it('[EA2] unknown events and non-functions are refused; off removes a handler', () => {
    const events = createEmitter(() => undefined);
    expect(events.on('keystroke', () => undefined)).toBe(false);
    expect(events.on('open', 'not a function')).toBe(false);
    const calls: number[] = [];
    const handler = () => calls.push(1);
    events.on('open', handler);
    events.emit('open', {});
    events.off('open', handler);
    events.emit('open', {});
    expect(calls).toEqual([1]);
  });
});
