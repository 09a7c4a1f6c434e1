import type { CobrowseSession, GuideSignal, startCobrowse } from '../cobrowse/recorder.ts';

/**
 * [CB1] The loader's side of co-browsing: on the visitor app's word (the visitor agreed in the
 * app), it fetches the co-browsing chunk from Parley — only then, so pages that never share
 * download nothing more — and passes recorded batches back to the app, and the consultant's
 * guidance ([CB5]) and pushed page ([CB7]) on to the page. Kept small: it is part of the loader.
 */
export interface CobrowseBridge {
  /** A `{ parley: 'cobrowse', action, … }` message from the visitor app (origin already checked). */
  handle(message: Record<string, unknown>): void;
}

type Start = typeof startCobrowse;

/** The event the co-browsing chunk fires once it has run, carrying its entry point. */
export const COBROWSE_CHUNK_READY = 'parley:cobrowse-chunk';

let chunk: Promise<{ startCobrowse: Start }> | undefined;

/**
 * Loads the co-browsing chunk once per page. The loader is ES5 ([OB1]): `import()` would be a
 * syntax error in the browsers it must still run in, so the chunk is added as a module script
 * (the site's CSP already allows Parley's scripts) and hands its entry point over in an event.
 */
function loadChunk(origin: string): Promise<{ startCobrowse: Start }> {
  if (!chunk) {
    chunk = new Promise((resolve, reject) => {
      const ready = (event: Event): void => {
        document.removeEventListener(COBROWSE_CHUNK_READY, ready);
        resolve((event as CustomEvent<{ startCobrowse: Start }>).detail);
      };
      document.addEventListener(COBROWSE_CHUNK_READY, ready);
      const script = document.createElement('script');
      script.type = 'module';
      script.src = `${origin}/widget/cobrowse.js`;
      script.onerror = () => {
        document.removeEventListener(COBROWSE_CHUNK_READY, ready);
        chunk = undefined;
        script.remove();
        reject(new Error('the co-browsing chunk did not load'));
      };
      document.head.appendChild(script);
    });
  }
  return chunk;
}

/**
 * `privateSelector`: the site's own selector of private elements (`data-parley-private-selector`
 * on the script tag, [CB3]), blocked besides `[data-parley-private]`.
 */
export function cobrowseBridge(
  origin: string,
  post: (message: object) => void,
  privateSelector: string | undefined,
): CobrowseBridge {
  let session: CobrowseSession | undefined;
  /** Counts starts and stops: a chunk that arrives after a later stop (or restart) starts nothing. */
  let generation = 0;
  let starting = false;
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');

  function start(message: Record<string, unknown>): void {
    if (session || starting) return;
    starting = true;
    const mine = ++generation;
    const labels = (message.labels ?? {}) as Record<string, unknown>;
    loadChunk(origin)
      .then((chunk) => {
        if (mine !== generation) return; // stopped while loading
        session = chunk.startCobrowse({
          emit: (events) => post({ parley: 'cobrowse-events', events }),
          onStop: () => post({ parley: 'cobrowse-stopped' }),
          labels: { sharing: text(labels.sharing), stop: text(labels.stop), pointer: text(labels.pointer) },
          privateSelector,
        });
      })
      .catch(() => post({ parley: 'cobrowse-stopped' }))
      .finally(() => {
        if (mine === generation) starting = false;
      });
  }

  return {
    handle(message) {
      if (message.action === 'start') start(message);
      else if (message.action === 'stop') {
        generation += 1;
        starting = false;
        session?.stop();
        session = undefined;
      } else if (message.action === 'guide' && message.signal && typeof message.signal === 'object') {
        // [CB8] A click or typing the page refused: the consultant is told.
        if (session?.guide(message.signal as GuideSignal) === false) post({ parley: 'cobrowse-refused' });
      } else if (message.action === 'open' && typeof message.url === 'string') {
        // [CB6] The visitor said "Open": in this tab, a web page of this site (the app offers
        // others only when the server found them among the tenant's allowed sites).
        const url = new URL(message.url, location.href);
        if (url.protocol === 'https:' || url.protocol === 'http:') location.assign(url.href);
      }
    },
  };
}
