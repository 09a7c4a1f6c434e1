import { WebSocket } from 'ws';
import { SITE_PROTOCOL_VERSION, type SiteServerMessage, type SiteVisitorView } from '@parley/protocol';
import { SiteVisitors, type ConsultantClient } from '@parley/client';

/** Site pages and the console's Visitors list, as the site-visitor tests drive them ([SV1]–[SV9]). */
export const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

export interface Page {
  ws: WebSocket;
  messages: SiteServerMessage[];
  next(type: SiteServerMessage['type']): Promise<SiteServerMessage>;
  closed: Promise<number>;
}

export type Welcome = Extract<SiteServerMessage, { type: 'site.welcome' }>;

/** A loader's site socket to the server at `baseUrl` from a page at `origin`, its hello sent. */
export function openSitePage(
  baseUrl: string,
  hello: Record<string, unknown>,
  {
    origin = 'https://shop.example',
    headers = {},
    track,
  }: { origin?: string; headers?: Record<string, string>; track: (ws: WebSocket) => void },
): Page {
  const ws = new WebSocket(baseUrl.replace('http', 'ws') + '/ws/site', {
    headers: { origin, 'user-agent': FIREFOX, ...headers },
  });
  track(ws);
  const messages: SiteServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString()) as SiteServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  ws.on('open', () =>
    ws.send(
      JSON.stringify({
        type: 'site.hello',
        v: SITE_PROTOCOL_VERSION,
        linkKey: 'demo-help',
        page: { url: `${origin}/demo`, title: 'Demo', referrer: 'https://search.example/?q=help' },
        language: 'en-GB',
        doNotTrack: false,
        ...hello,
      }),
    ),
  );
  const next = (type: SiteServerMessage['type']): Promise<SiteServerMessage> =>
    new Promise((resolve) => {
      const check = () => {
        const found = messages.find((m) => m.type === type);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return { ws, messages, next, closed };
}

/** The consultant's Visitors list, watched, and a wait for the list to satisfy a predicate. */
export function watchVisitors(desk: ConsultantClient) {
  const list = new SiteVisitors(desk.connection);
  list.watch(true);
  const seen = (predicate: (visitors: readonly SiteVisitorView[]) => boolean) =>
    new Promise<readonly SiteVisitorView[]>((resolve) => {
      if (predicate(list.list)) return resolve(list.list);
      const off = list.on('change', (visitors) => {
        if (!predicate(visitors)) return;
        off();
        resolve(visitors);
      });
    });
  return { list, seen };
}
