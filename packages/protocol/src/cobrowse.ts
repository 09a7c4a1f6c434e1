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
  /**
   * [CB1] "May I see your page?" The server fills `control`: whether the tenant lets consultants
   * click and type for the visitor ([CB8]), so the visitor app knows to offer it.
   */
  z.object({ kind: z.literal('ask'), control: z.boolean().optional() }),
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
  /** [CB8] Control, once the visitor granted it: click an element of the visitor's page. */
  z.object({ kind: z.literal('click'), node }),
  /** [CB8] Control: set a field's value on the visitor's page (input and change events follow). */
  z.object({ kind: z.literal('type'), node, value: z.string().max(2000) }),
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
  /** [CB8] The visitor lets the consultant click and type on the page, or takes it back. */
  z.object({ kind: z.literal('control'), granted: z.boolean() }),
  /** [CB8] The visitor's page refused a click or typing (a private, password or payment element). */
  z.object({ kind: z.literal('refused') }),
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
  click: 'consultant',
  type: 'consultant',
  answer: 'visitor',
  events: 'visitor',
  control: 'visitor',
  refused: 'visitor',
  stop: 'either',
};

/** [CB8] The kinds that act for the visitor: only while the tenant allows it and the visitor granted it. */
export const cobrowseControlKinds: ReadonlySet<CobrowseKind> = new Set<CobrowseKind>(['click', 'type']);

/** [CB8] The tenant's co-browsing settings (Admin): consultants may click and type for the visitor. */
export const CobrowseSettings = z.object({ control: z.boolean() });
export type CobrowseSettings = z.infer<typeof CobrowseSettings>;
