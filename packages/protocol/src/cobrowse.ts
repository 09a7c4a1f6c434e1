import { z } from 'zod';
import { MAX_COBROWSE_CHUNK_CHARS } from './constants.ts';

/**
 * [CB1]–[CB9] Co-browsing signals, relayed by the server between the two sides of an active
 * conversation like WebRTC signalling: checked for shape, size and sender, never read further and
 * never stored. The recording itself travels as `events` chunks: pieces of a JSON array of rrweb
 * events, cut so that every frame stays under the WebSocket frame limit.
 */
const coordinate = z.number().min(-100_000).max(100_000);
/** An rrweb node id: the recorder's mirror on the visitor's page and the replayer's agree on it. */
const node = z
  .number()
  .int()
  .nonnegative()
  .max(2 ** 31);

export const CobrowseSignal = z.discriminatedUnion('kind', [
  // ---- consultant → visitor ----
  /** [CB1] "May I see your page?" */
  z.object({ kind: z.literal('ask') }),
  /** [CB5] The consultant's pointer, in CSS pixels of the visitor's viewport. */
  z.object({ kind: z.literal('pointer'), x: coordinate, y: coordinate }),
  z.object({ kind: z.literal('pointer-off') }),
  /** [CB5] Highlight an element for a few seconds. */
  z.object({ kind: z.literal('highlight'), node }),
  /** [CB5] Scroll the visitor's page to an element. */
  z.object({ kind: z.literal('scroll'), node }),
  /**
   * [CB6] "Open this page?": a page for the visitor. The server fills `site` (one of the tenant's
   * allowed websites) and keeps the URL in the chat history.
   */
  z.object({ kind: z.literal('push'), url: z.string().min(1).max(2048), site: z.boolean().optional() }),
  // ---- visitor → consultant ----
  /** [CB1] The visitor's answer; `accepted` again after a page load when consent is remembered ([CB6]). */
  z.object({ kind: z.literal('answer'), accepted: z.boolean() }),
  /** [CB2] One piece of a batch of rrweb events; `last` closes the batch. */
  z.object({
    kind: z.literal('events'),
    seq: z.number().int().nonnegative(),
    data: z.string().max(MAX_COBROWSE_CHUNK_CHARS),
    last: z.boolean(),
  }),
  // ---- either side ----
  /** [CB4] Sharing ends: the visitor stopped, the consultant closed the view, or the page went. */
  z.object({ kind: z.literal('stop') }),
]);
export type CobrowseSignal = z.infer<typeof CobrowseSignal>;
export type CobrowseKind = CobrowseSignal['kind'];

/** [CB1] Who may send each signal: the server refuses the other side's ones with `forbidden`. */
export const cobrowseSenders: Record<CobrowseKind, 'visitor' | 'consultant' | 'either'> = {
  ask: 'consultant',
  pointer: 'consultant',
  'pointer-off': 'consultant',
  highlight: 'consultant',
  scroll: 'consultant',
  push: 'consultant',
  answer: 'visitor',
  events: 'visitor',
  stop: 'either',
};
