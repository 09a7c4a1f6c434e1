/**
 * A small typed event emitter. A throwing listener is reported and skipped, so one bad
 * listener can never stop the others (or the connection) from working.
 */
export class Emitter<Events extends { [K in keyof Events]: unknown }> {
  /** Where listener errors go; by default they surface as uncaught errors without stopping delivery. */
  static reportListenerError: (error: unknown) => void = (error) => {
    queueMicrotask(() => {
      throw error;
    });
  };

  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(type: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  protected emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        Emitter.reportListenerError(error);
      }
    }
  }
}
