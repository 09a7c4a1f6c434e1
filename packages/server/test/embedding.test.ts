import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { loginCookie, startServer, type TestServer } from './server.ts';

const csrf = { 'x-parley-csrf': '1' };
let server: TestServer | undefined;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await server?.close();
  server = undefined;
});

const cookies = new WeakMap<TestServer, string>();
/** The demo admin's session, logged in once per server (password hashing is slow on purpose). */
async function adminCookie(s: TestServer): Promise<string> {
  const cookie = cookies.get(s) ?? (await loginCookie(s.baseUrl));
  cookies.set(s, cookie);
  return cookie;
}

async function putSites(s: TestServer, allowedOrigins: unknown[]) {
  const cookie = await adminCookie(s);
  return s.app.inject({
    method: 'PUT',
    url: '/api/v1/tenant/settings',
    payload: { allowedOrigins },
    headers: { ...csrf, cookie },
  });
}

/** What the loader reads, asked from a page at `origin` (undefined: no Origin header, same-origin). */
async function status(s: TestServer, origin?: string) {
  const response = await s.app.inject({
    url: '/api/v1/links/demo-help/status?lang=en',
    headers: origin ? { origin } : {},
  });
  return {
    embedAllowed: response.json<{ embedAllowed?: boolean }>().embedAllowed,
    cors: response.headers['access-control-allow-origin'],
  };
}

async function frameAncestors(s: TestServer, key = 'demo-help'): Promise<string> {
  const response = await s.app.inject({ url: `/widget/app/?link=${key}&lang=en` });
  return /frame-ancestors ([^;]*)$/.exec(String(response.headers['content-security-policy']))?.[1] ?? '';
}

/** The first answer to a visitor hello on a socket opened by a page at `origin`. */
function visitorHello(s: TestServer, origin: string, embedOrigin?: string): Promise<ServerMessage> {
  const ws = new WebSocket(s.baseUrl.replace('http', 'ws') + '/ws', { headers: { origin } });
  sockets.push(ws);
  return new Promise((resolve) => {
    ws.on('open', () =>
      ws.send(
        JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', linkKey: 'demo-help', embedOrigin }),
      ),
    );
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as ServerMessage));
  });
}

describe('[EM1] embedding a help link on the customer’s website', () => {
  it('[EM1] by default any website may embed: the loader is told so, the app may be framed, the socket is welcome', async () => {
    const s = (server = await startServer());
    expect(await status(s, 'http://127.0.0.1:18401')).toEqual({ embedAllowed: true, cors: '*' });
    expect(await frameAncestors(s)).toBe("'self' http: https:");
    expect(await visitorHello(s, s.baseUrl, 'https://anyone.example')).toMatchObject({ type: 'welcome' });
    expect(await visitorHello(s, 'https://anyone.example')).toMatchObject({ type: 'welcome' });
  });

  it('[EM1] with a list, a page not on it is told embedAllowed false and its frame refused; listed ones and Parley work', async () => {
    const s = (server = await startServer());
    expect((await putSites(s, ['https://Shop.Example/'])).json()).toEqual({ allowedOrigins: ['https://shop.example'] });
    expect(await status(s, 'http://127.0.0.1:18401')).toEqual({ embedAllowed: false, cors: '*' });
    expect(await status(s, 'https://shop.example')).toEqual({ embedAllowed: true, cors: '*' });
    expect(await status(s, s.config.publicUrl)).toMatchObject({ embedAllowed: true }); // the demo page on Parley
    expect(await status(s)).toMatchObject({ embedAllowed: true }); // same-origin GET: no Origin header
    expect(await frameAncestors(s)).toBe("'self' https://shop.example");
    expect(await frameAncestors(s, 'no-such-link')).toBe("'self'");
    expect(await visitorHello(s, s.config.publicUrl, 'http://127.0.0.1:18401')).toMatchObject({
      type: 'error',
      code: 'origin_not_allowed',
    });

    // Removing the last site lets every website embed again.
    expect((await putSites(s, [])).json()).toEqual({ allowedOrigins: [] });
    expect(await status(s, 'http://127.0.0.1:18401')).toMatchObject({ embedAllowed: true });
    expect(await frameAncestors(s)).toBe("'self' http: https:");
  });

  it('[EM1] a site that is not scheme://host[:port] is refused with invalid_site (400) and nothing changes', async () => {
    const s = (server = await startServer());
    await putSites(s, ['https://shop.example']);
    for (const wrong of ['shop.example', 'https://shop.example/help', 'ftp://shop.example', 'https://*.example.com']) {
      const response = await putSites(s, ['https://ok.example', wrong]);
      expect([wrong, response.statusCode, response.json<{ code: string }>().code]).toEqual([
        wrong,
        400,
        'invalid_site',
      ]);
    }
    expect((await putSites(s, [42])).json()).toMatchObject({ code: 'invalid_message' });
    const now = await s.app.inject({ url: '/api/v1/tenant/settings', headers: { cookie: await adminCookie(s) } });
    expect(now.json()).toEqual({ allowedOrigins: ['https://shop.example'] });
  });

  it('[EM1] the loader can read an unknown link’s refusal cross-origin, to say why there is no button', async () => {
    const s = (server = await startServer());
    const response = await s.app.inject({
      url: '/api/v1/links/no-such-link/status',
      headers: { origin: 'https://shop.example' },
    });
    expect([response.statusCode, response.headers['access-control-allow-origin']]).toEqual([404, '*']);
    expect(response.json()).toMatchObject({ code: 'link_not_found' });
  });
});
