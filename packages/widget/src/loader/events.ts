import type { ParleyEventMap, ParleyEventName } from '../embed.d.ts';

type AnyHandler = (payload: never) => void;

/** The event names the page may listen to ([EA2]); anything else is refused with a warning. */
export const EVENT_NAMES: readonly ParleyEventName[] = [
  'ready',
  'availability',
  'open',
  'close',
  'conversation:queued',
  'conversation:started',
  'conversation:ended',
  'message',
];

/**
 * [EA3] The page's event handlers. A handler that throws is reported to the page's developer and
 * the other handlers (and the widget) go on; each handler gets its own copy of the payload, so
 * one handler cannot change what the next one sees.
 */
export function createEmitter(report: (name: string, error: unknown) => void) {
  const handlers = new Map<string, Set<AnyHandler>>();
  return {
    on(name: string, handler: unknown): boolean {
      if (!EVENT_NAMES.includes(name as ParleyEventName) || typeof handler !== 'function') return false;
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler as AnyHandler);
      return true;
    },
    off(name: string, handler: unknown): void {
      handlers.get(name)?.delete(handler as AnyHandler);
    },
    emit<N extends ParleyEventName>(name: N, payload: ParleyEventMap[N], only?: unknown): void {
      for (const handler of handlers.get(name) ?? []) {
        if (only !== undefined && handler !== only) continue;
        try {
          (handler as (p: ParleyEventMap[N]) => void)({ ...payload });
        } catch (error) {
          report(name, error);
        }
      }
    },
  };
}
