import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLinkTheme } from '@parley/protocol';
import { startServer, DEMO, type TestServer } from './server.ts';
import { iceServersFor } from '../src/media/iceServers.ts';
import { EMBED_STUB } from '../src/transport/http/routes/pages.ts';
import { createHmac } from 'node:crypto';

/** What the SDK's `api()` sends with every request ([E9]). */
const csrf = { 'x-parley-csrf': '1' };

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('HTTP', () => {
  it('logs a consultant in with an httpOnly session cookie and knows them by it', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: DEMO,
      headers: csrf,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'parley_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = await server.app.inject({ url: '/api/v1/auth/me', cookies: { parley_session: cookie?.value ?? '' } });
    expect(me.json()).toMatchObject({ email: DEMO.email, role: 'admin', tenant: { name: 'Demo' } });
    const out = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      payload: {},
      headers: csrf,
      cookies: { parley_session: cookie?.value ?? '' },
    });
    expect(out.statusCode).toBe(200);
    const after = await server.app.inject({ url: '/api/v1/auth/me', cookies: { parley_session: cookie?.value ?? '' } });
    expect(after.json()).toMatchObject({ code: 'not_authenticated' });
  });

  it('refuses a wrong password or unknown e-mail with the same coded error', async () => {
    for (const payload of [
      { ...DEMO, password: 'nope' },
      { email: 'who@x.test', password: 'nope' },
    ]) {
      const response = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload, headers: csrf });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'invalid_credentials' });
    }
  });

  it('answers malformed bodies with coded errors, never a crash', async () => {
    const cases: { payload: string; code: string; status: number }[] = [
      { payload: '{not json', code: 'invalid_json', status: 400 },
      { payload: '[]', code: 'invalid_message', status: 400 },
      { payload: JSON.stringify({ email: 'not-an-email', password: 'x' }), code: 'invalid_message', status: 400 },
      {
        payload: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(600) }),
        code: 'invalid_message',
        status: 400,
      },
      {
        payload: JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(70_000) }),
        code: 'message_too_large',
        status: 413,
      },
    ];
    for (const c of cases) {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: c.payload,
        headers: { 'content-type': 'application/json', ...csrf },
      });
      expect([response.statusCode, response.json<{ code: string }>().code]).toEqual([c.status, c.code]);
    }
    const health = await server.app.inject({ url: '/healthz' });
    expect(health.json()).toEqual({ ok: true });
  });

  it('[EA8][OB2] tells the loader whether the link is available, with translated labels (F-01, F-02, F-13)', async () => {
    const response = await server.app.inject({ url: '/api/v1/links/demo-help/status?lang=nl' });
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.json()).toEqual({
      linkKey: 'demo-help',
      name: 'Demo help desk',
      available: false,
      mode: 'consultation',
      offline: { text: '', imageUrl: null },
      labels: {
        open: 'Praat met ons',
        close: 'Sluiten',
        title: 'Live hulp',
        available: 'Er is nu iemand beschikbaar',
        unavailable: 'Er is nu niemand beschikbaar',
        oldBrowser: {
          title: 'Deze browser ondersteunt onze videogesprekken niet',
          text: 'Video- en spraakgesprekken vragen een recente browser (Internet Explorer kan dat bijvoorbeeld niet). Je kunt ons nog steeds bereiken:',
          otherBrowser: 'open deze pagina in een andere browser, zoals een recente Chrome, Edge, Firefox of Safari;',
          device: 'of kom terug via een smartphone of tablet.',
          textChat: 'Chat liever via tekst',
        },
      },
      embedAllowed: true,
      // [EA9] The demo link has no theme: Parley's default look.
      look: { ...defaultLinkTheme, labels: undefined },
    });
    expect((await server.app.inject({ url: '/api/v1/links/nope/status' })).json()).toMatchObject({
      code: 'link_not_found',
    });
    expect((await server.app.inject({ url: '/api/v1/links/demo-help/status?lang=xx' })).statusCode).toBe(400);
  });

  it('[EA1] serves the demo customer page with the two-line async visitor embed code', async () => {
    const page = await server.app.inject({ url: '/demo' });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(
      `${EMBED_STUB}\n<script src="${server.config.publicUrl}/widget/loader.js" data-parley-link="demo-help" async></script>`,
    );
    expect((await server.app.inject({ url: '/no/such/page' })).json()).toMatchObject({ code: 'not_found' });
  });

  it('issues time-limited TURN REST credentials (coturn static-auth-secret scheme)', () => {
    const servers = iceServersFor(
      {
        stunUrls: ['stun:stun.example.test:3478'],
        turn: { urls: ['turn:turn.example.test:3478'], secret: 's3cret', ttlSeconds: 600 },
      },
      'vis_1',
      1_700_000_000_000,
    );
    const username = `${1_700_000_000 + 600}:vis_1`;
    expect(servers).toEqual([
      { urls: ['stun:stun.example.test:3478'] },
      {
        urls: ['turn:turn.example.test:3478'],
        username,
        credential: createHmac('sha1', 's3cret').update(username).digest('base64'),
      },
    ]);
    expect(iceServersFor({ stunUrls: [], turn: null }, 'x', 0)).toEqual([]);
  });
});
