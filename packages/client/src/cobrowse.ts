import type { CobrowseSignal } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';

/**
 * [CB2] Co-browsing over the conversation's socket: the visitor's side cuts a batch of recorded
 * events into frame-sized pieces, the consultant's side puts them together again. Zod-free, so
 * the visitor app's bundle stays small.
 */

/** Characters per piece before escaping; halved while the escaped piece is still too big. */
const PIECE_CHARS = 16_000;
/** Bytes a piece may take as JSON in the frame, leaving room under MAX_FRAME_BYTES (64 KiB). */
const PIECE_BYTES = 48_000;

const encoder = new TextEncoder();

/** Cuts the JSON text of a batch into pieces whose escaped UTF-8 form fits one frame. */
export function cutRecording(json: string, chars = PIECE_CHARS, bytes = PIECE_BYTES): string[] {
  const pieces: string[] = [];
  let at = 0;
  while (at < json.length) {
    let size = Math.min(chars, json.length - at);
    // Quotes, backslashes and non-ASCII text grow when escaped and encoded: shrink until it fits.
    while (size > 1 && encoder.encode(JSON.stringify(json.slice(at, at + size))).length > bytes) {
      size = Math.ceil(size / 2);
    }
    pieces.push(json.slice(at, at + size));
    at += size;
  }
  return pieces;
}

type EventsSignal = Extract<CobrowseSignal, { kind: 'events' }>;

/** Turns one batch of events into the signals that carry it, numbered from `seq`. */
export function recordingSignals(events: readonly unknown[], seq: number): EventsSignal[] {
  const pieces = cutRecording(JSON.stringify(events));
  return pieces.map((data, i) => ({ kind: 'events', seq: seq + i, data, last: i === pieces.length - 1 }));
}

/**
 * The consultant's side: collects pieces until a batch is whole and returns its events. A gap in
 * the numbering (a piece refused or lost) drops the batch instead of replaying a broken one.
 */
export class RecordingAssembler {
  private pieces: string[] = [];
  private expected: number | undefined;

  /** The batch's events once its last piece arrived, else null. */
  push(signal: EventsSignal): unknown[] | null {
    if (this.expected !== undefined && signal.seq !== this.expected) this.pieces = [];
    this.expected = signal.seq + 1;
    this.pieces.push(signal.data);
    if (!signal.last) return null;
    const text = this.pieces.join('');
    this.pieces = [];
    try {
      const events: unknown = JSON.parse(text);
      return Array.isArray(events) ? events : null;
    } catch {
      return null; // a batch whose start was lost
    }
  }

  reset(): void {
    this.pieces = [];
    this.expected = undefined;
  }
}

/** Sends one co-browsing signal in a conversation, only while the socket is open (never queued). */
export function sendCobrowse(connection: ParleyConnection, conversationId: string, signal: CobrowseSignal): void {
  // A recording queued during a reconnect would replay stale page states: drop it; sharing
  // starts again with a fresh snapshot ([CB6]).
  if (connection.status !== 'open') return;
  connection.send({ type: 'cobrowse', conversationId, signal });
}
