import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsultantClient, SiteVisitors, VisitorClient } from '@parley/client';
import { defaultLimits } from '../src/config.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { DEMO_SECOND_EMAIL } from '../src/domain/tenants/demo.ts';
import { consultant, DEMO, loginCookie, nodeSockets, startServer, until, type TestServer } from './server.ts';
import { openSitePage, watchVisitors, type Page, type Welcome } from './sitePages.ts';

async function consultantAs(s: TestServer, email: string): Promise<ConsultantClient> {
  const client = new ConsultantClient({
    baseUrl: s.baseUrl,
    socketFactory: nodeSockets(await loginCookie(s.baseUrl, email, DEMO.password)),
  });
  cleanups.push(() => client.close());
  client.connect();
  await until(client, (state) => state.status === 'open');
  return client;
}

let server: TestServer | undefined;
const sockets: WebSocket[] = [];
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  for (const off of cleanups.splice(0)) off();
  await server?.close();
  server = undefined;
});

function openPage(
  s: TestServer,
  hello: Record<string, unknown>,
  options: { origin?: string; headers?: Record<string, string> } = {},
): Page {
  return openSitePage(s.baseUrl, hello, { ...options, track: (ws) => sockets.push(ws) });
}

async function watching(s: TestServer) {
  const desk = await consultant(s);
  cleanups.push(() => desk.close());
  return { desk, ...watchVisitors(desk) };
}

describe('site visitors over the loader socket', () => {
  it('[SV1][SV2][SV3][SV5] two pages of one visit show live in a watching console, with browser, referrer and pages', async () => {
    server = await startServer();
    const { seen } = await watching(server);
    const first = openPage(server, {});
    const welcome = (await first.next('site.welcome')) as Welcome;
    expect(welcome.returning).toBe(false);
    const second = openPage(server, {
      visitId: welcome.visitId,
      visitorKey: welcome.visitorKey,
      page: { url: 'https://shop.example/demo/shop?card=4111', title: 'Shop', referrer: 'https://shop.example/demo' },
    });
    expect(((await second.next('site.welcome')) as Welcome).visitId).toBe(welcome.visitId);
    const [row] = await seen((v) => v[0]?.pagesViewed === 2);
    expect(row).toMatchObject({
      linkName: expect.any(String) as string,
      referrer: 'https://search.example/',
      language: 'en-GB',
      returning: false,
      online: true,
      client: { browser: 'Firefox', os: 'Linux', device: 'desktop' },
      contact: null,
      conversation: 'none',
    });
    // [SV2] The query string never arrives (it may carry personal data).
    expect(row?.pages.map((p) => p.url)).toEqual(['https://shop.example/demo', 'https://shop.example/demo/shop']);
    // [SV2] A single-page app's move.
    second.ws.send(
      JSON.stringify({
        type: 'site.page',
        page: { url: 'https://shop.example/demo/cart', title: 'Cart', referrer: '' },
      }),
    );
    await seen((v) => v[0]?.pagesViewed === 3);
  });

  it('[SV1][OP3] a server shutting down tells open pages to come back later instead of waiting for them', async () => {
    server = await startServer();
    const page = openPage(server, {});
    await page.next('site.welcome');
    await server.close();
    server = undefined;
    expect(await page.closed).toBe(1012);
  });

  it('[SV6] a visitor leaves the list a while after the last page closed (injected clock)', async () => {
    const runtime = new FakeRuntime(Date.now());
    server = await startServer({ runtime });
    const { seen } = await watching(server);
    const page = openPage(server, {});
    await page.next('site.welcome');
    await seen((v) => v.length === 1);
    page.ws.close();
    await seen((v) => v[0]?.online === false);
    runtime.advance(60_000);
    await seen((v) => v.length === 0);
  });

  it('[SV4] nothing is kept for a browser that sends Do Not Track or Global Privacy Control, unless the tenant says so', async () => {
    server = await startServer();
    for (const headers of [{ dnt: '1' }, { 'sec-gpc': '1' }] as Record<string, string>[]) {
      const page = openPage(server, {}, { headers });
      expect(await page.next('site.untracked')).toEqual({ type: 'site.untracked', reason: 'do_not_track' });
      expect(await page.closed).toBe(1000);
    }
    const flagged = openPage(server, { doNotTrack: true });
    expect(await flagged.next('site.untracked')).toMatchObject({ reason: 'do_not_track' });
    const tenantId = (await server.services.directory.tenants.findTenantBySlug('demo'))?.id ?? '';
    expect(server.services.siteVisitors.of(tenantId).list()).toEqual([]);

    const cookie = await loginCookie(server.baseUrl);
    const put = (body: object) =>
      server?.app.inject({
        method: 'PUT',
        url: '/api/v1/tenant/site-visitors',
        payload: body,
        headers: { cookie, 'x-parley-csrf': '1' },
      });
    expect((await put({ enabled: true, honourDoNotTrack: false }))?.statusCode).toBe(200);
    const kept = openPage(server, {}, { headers: { dnt: '1' } });
    await kept.next('site.welcome');
    expect((await put({ enabled: false, honourDoNotTrack: true }))?.statusCode).toBe(200);
    const off = openPage(server, {});
    expect(await off.next('site.untracked')).toMatchObject({ reason: 'off' });
    expect((await put({ enabled: 'yes' }))?.json()).toMatchObject({ code: 'invalid_message' });
  });

  it('[SV1][EM1] a page of a site the tenant does not allow is refused, as the embed is', async () => {
    server = await startServer();
    const cookie = await loginCookie(server.baseUrl);
    await server.app.inject({
      method: 'PUT',
      url: '/api/v1/tenant/settings',
      payload: { allowedOrigins: ['https://shop.example'] },
      headers: { cookie, 'x-parley-csrf': '1' },
    });
    const allowed = openPage(server, {});
    await allowed.next('site.welcome');
    const elsewhere = openPage(
      server,
      { page: { url: 'https://evil.example/x', title: '', referrer: '' } },
      { origin: 'https://evil.example' },
    );
    expect(await elsewhere.next('error')).toMatchObject({ code: 'origin_not_allowed' });
    expect(await elsewhere.closed).toBe(4403);
    // The page it reports must be an allowed site too, not only the socket's Origin.
    const lying = openPage(server, { page: { url: 'https://evil.example/x', title: '', referrer: '' } });
    expect(await lying.next('error')).toMatchObject({ code: 'origin_not_allowed' });
  });

  it('[SV2][SV9] invalid input gets a coded error; page views are rate-limited per address', async () => {
    server = await startServer({ config: { limits: { ...defaultLimits, sitePageBurst: 2 } } });
    const bad = openPage(server, { page: { url: 'javascript:alert(1)', title: '', referrer: '' } });
    expect(await bad.next('error')).toMatchObject({ code: 'invalid_message' });
    const first = openPage(server, {});
    await first.next('site.welcome');
    first.ws.send('{not json');
    expect(await first.next('error')).toMatchObject({ code: 'invalid_json' });
    first.ws.send(JSON.stringify({ type: 'site.page', page: { url: 'ftp://x', title: '', referrer: '' } }));
    await until(await consultant(server), () => true); // let the frame be handled
    expect(first.messages.filter((m) => m.type === 'error')).toHaveLength(2);
    await openPage(server, {}).next('site.welcome');
    const third = openPage(server, {});
    expect(await third.next('error')).toMatchObject({ code: 'rate_limited' });
    expect(await third.closed).toBe(4429);
  });

  it(
    '[SV7][SV8] an invitation with %name% reaches the page; after Start chat the request rings the inviting consultant first',
    async () => {
      server = await startServer();
      const s = server;
      const dana = await watching(s);
      const sam = await consultantAs(s, DEMO_SECOND_EMAIL);
      for (const desk of [dana.desk, sam]) {
        desk.setAvailable(true);
        await until(desk, (state) => state.available);
      }
      const page = openPage(s, { linkKey: 'demo-pool', language: 'pt-BR' });
      const welcome = (await page.next('site.welcome')) as Welcome;
      await dana.seen((v) => v.length === 1);
      // Sam invites; without the invitation Dana (first in line for the pool) would be rung.
      const samList = new SiteVisitors(sam.connection);
      samList.invite(welcome.visitId, null);
      const card = await page.next('site.invitation');
      if (card.type !== 'site.invitation') throw new Error('no card');
      expect(card.text).toBe(
        'Olá! Sou Sam Sales. Se tiver perguntas ou pedidos, estou pronto para ajudar. Basta clicar em "Iniciar chat" para começar uma conversa.',
      );
      expect(card.labels).toEqual({ start: 'Iniciar chat', close: 'Fechar' });
      const [row] = await dana.seen((v) => v[0]?.invitation?.state === 'sent');
      expect(row?.invitation?.consultantName).toBe('Sam Sales');
      page.ws.send(
        JSON.stringify({ type: 'site.invitation.answer', invitationId: card.invitationId, answer: 'accepted' }),
      );
      await dana.seen((v) => v[0]?.invitation?.state === 'accepted');
      // The loader opens the app, which names the visit; its request rings Sam.
      const app = new VisitorClient({
        baseUrl: s.baseUrl,
        linkKey: 'demo-pool',
        visitId: welcome.visitId,
        socketFactory: nodeSockets(),
      });
      cleanups.push(() => app.close());
      app.connect();
      await until(app, (state) => state.status === 'open' && state.available);
      app.request('Vera');
      await until(sam, (state) => Object.values(state.conversations).some((c) => c.state === 'ringing'));
      expect(Object.values(dana.desk.state.conversations).filter((c) => c.state === 'ringing')).toEqual([]);
      await dana.seen((v) => v[0]?.conversation === 'ringing');
      // [SV8] Recorded, with how it ended.
      const stored = await s.db
        .selectFrom('site_invitations')
        .select('state')
        .where('visit_id', '=', welcome.visitId)
        .execute();
      expect(stored).toEqual([{ state: 'accepted' }]);
    },
    // Two consultants log in (scrypt, slow on purpose): more than the default time on a busy machine.
    60_000,
  );

  it("[SV8] a closed card is recorded as declined and taken away from the visit's other pages", async () => {
    server = await startServer();
    const { list, seen } = await watching(server);
    const first = openPage(server, {});
    const welcome = (await first.next('site.welcome')) as Welcome;
    const second = openPage(server, { visitId: welcome.visitId, visitorKey: welcome.visitorKey });
    await second.next('site.welcome');
    list.invite(welcome.visitId, 'Can %name% help?');
    const card = await second.next('site.invitation');
    expect(card).toMatchObject({ text: 'Can Dana Demo help?' });
    if (card.type !== 'site.invitation') throw new Error('no card');
    second.ws.send(
      JSON.stringify({ type: 'site.invitation.answer', invitationId: card.invitationId, answer: 'declined' }),
    );
    expect(await first.next('site.invitation.closed')).toEqual({
      type: 'site.invitation.closed',
      invitationId: card.invitationId,
    });
    await seen((v) => v[0]?.invitation?.state === 'declined');
  });
});
