/**
 * Parley embed API, version 1 — the `Parley` global that `loader.js` defines on the customer's
 * page. Reference: docs/embed.md. Served next to the loader as `/widget/loader.d.ts`; copy it
 * into a TypeScript site (or reference it) to type `window.Parley`.
 */

/** Payload of each event the page can listen to with `Parley('on', name, handler)`. */
export interface ParleyEventMap {
  /** The status was read and this page may show the link: fires once. */
  ready: { available: boolean };
  /** Somebody became available, or nobody is any more. */
  availability: { available: boolean };
  open: Record<string, never>;
  close: Record<string, never>;
  /** The visitor waits; `position` is 1-based (null when the server gives none). */
  'conversation:queued': { position: number | null };
  /** A consultant accepted; how the visitor joined. */
  'conversation:started': { mode: 'video' | 'voice' | 'text' };
  /** The conversation is over (whoever ended it). */
  'conversation:ended': Record<string, never>;
  /** A consultant wrote; never the text. `unread`: messages since the panel was last open. */
  message: { unread: number };
}

export type ParleyEventName = keyof ParleyEventMap;
export type ParleyHandler<N extends ParleyEventName> = (payload: ParleyEventMap[N]) => void;

/** What `Parley.identify` takes: made and signed by the customer's backend (README). */
export interface ParleyIdentity {
  id: string;
  name?: string;
  email?: string;
  /** Unix seconds; a number or the string a template printed. */
  expires: number | string;
  /** hex HMAC-SHA256(identity secret, "parley-identity-v1\nid\nname\nemail\nexpires") */
  signature: string;
}

export type ParleyLocale = 'en' | 'pl' | 'nl' | 'pt';

/** Commands, callable as `Parley('open')` before and after the loader arrives. */
export interface ParleyCommand {
  (command: 'open' | 'close'): void;
  (command: 'identify', identity: ParleyIdentity): void;
  (command: 'attach', data: Record<string, string>): void;
  (command: 'locale', locale: ParleyLocale): void;
  <N extends ParleyEventName>(command: 'on' | 'off', event: N, handler: ParleyHandler<N>): void;
}

/** The loaded API: the command function plus methods and the last known availability. */
export interface ParleyApi extends ParleyCommand {
  open(): void;
  close(): void;
  identify(identity: ParleyIdentity): void;
  attach(data: Record<string, string>): void;
  locale(locale: ParleyLocale): void;
  on<N extends ParleyEventName>(event: N, handler: ParleyHandler<N>): void;
  off<N extends ParleyEventName>(event: N, handler: ParleyHandler<N>): void;
  /** Undefined until `ready`; then the dot's value, kept live. */
  readonly available: boolean | undefined;
  /** API version: 1. */
  readonly version: 1;
}

/** The stub the two-line snippet defines before the loader arrives: it only queues. */
export interface ParleyStub {
  (...args: unknown[]): void;
  q?: unknown[][];
}

declare global {
  interface Window {
    Parley?: ParleyApi | ParleyStub;
  }
}
