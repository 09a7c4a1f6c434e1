import { describe, expect, it } from 'vitest';
import { cutRecording, RecordingAssembler, recordingSignals } from './cobrowse.ts';

const bytes = (s: string) => new TextEncoder().encode(JSON.stringify(s)).length;

describe('[CB2] a recording travels in frame-sized pieces', () => {
  it('cuts long text into pieces that fit once escaped, and joins back to the same text', () => {
    const json = JSON.stringify([{ text: '"quoted" \\ ' + 'ż'.repeat(40_000) + 'x'.repeat(50_000) }]);
    const pieces = cutRecording(json);
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(bytes(piece)).toBeLessThanOrEqual(48_000);
    expect(pieces.join('')).toBe(json);
  });

  it('puts a batch together from its pieces, and drops a batch with a missing piece', () => {
    const events = [{ type: 2, data: 'x'.repeat(40_000) }, { type: 3 }];
    const signals = recordingSignals(events, 7);
    expect(signals.length).toBeGreaterThan(1);
    const assembler = new RecordingAssembler();
    const out = signals.map((s) => assembler.push(s));
    expect(out.at(-1)).toEqual(events);
    expect(out.slice(0, -1).every((o) => o === null)).toBe(true);

    const next = recordingSignals(events, signals.length + 7);
    expect(assembler.push(next[0]!)).toBeNull();
    // next[1] is lost: the last piece alone is not a batch.
    expect(assembler.push(next.at(-1)!)).toBeNull();
    const again = recordingSignals([{ type: 3 }], 100);
    expect(assembler.push(again[0]!)).toEqual([{ type: 3 }]);
  });
});
