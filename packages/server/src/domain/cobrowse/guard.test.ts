import { describe, expect, it } from 'vitest';
import { isParleyError } from '@parley/protocol';
import { CobrowseGuard } from './guard.ts';

const events = (chars: number) => ({ kind: 'events' as const, seq: 0, data: 'x'.repeat(chars), last: true });

function refusal(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return isParleyError(error) ? error.code : 'thrown';
  }
}

describe('CobrowseGuard', () => {
  it('[CB2] lets each side send only its own signals', () => {
    const guard = new CobrowseGuard({ bytesPerSecond: 1000, burstBytes: 1000 }, () => 0);
    expect(refusal(() => guard.admit('consultant', { kind: 'ask' }))).toBeNull();
    expect(refusal(() => guard.admit('visitor', { kind: 'ask' }))).toBe('forbidden');
    expect(refusal(() => guard.admit('consultant', events(1)))).toBe('forbidden');
    expect(refusal(() => guard.admit('visitor', { kind: 'highlight', node: 1 }))).toBe('forbidden');
    expect(refusal(() => guard.admit('visitor', { kind: 'stop' }))).toBeNull();
    expect(refusal(() => guard.admit('consultant', { kind: 'stop' }))).toBeNull();
  });

  it('[CB2] limits the bytes of recording per second, refilling with the (injected) clock', () => {
    let now = 0;
    const guard = new CobrowseGuard({ bytesPerSecond: 1000, burstBytes: 3000 }, () => now);
    expect(refusal(() => guard.admit('visitor', events(2500)))).toBeNull();
    expect(refusal(() => guard.admit('visitor', events(1000)))).toBe('rate_limited');
    now += 500; // 500 more bytes
    expect(refusal(() => guard.admit('visitor', events(1000)))).toBeNull();
    expect(refusal(() => guard.admit('visitor', events(1)))).toBe('rate_limited');
  });
});
