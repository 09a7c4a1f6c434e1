import { WebSocket } from 'ws';
import { errorCatalogue, PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sfu } from '../src/domain/media/sfu.ts';
import { FOREIGN_EMAIL_LIMIT } from '../src/transport/http/routes/admin.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { loginCookie, startServer, type TestServer } from './server.ts';
import { rawRequest } from './rawHttp.ts';
import { addTenant, sessionFor } from './tenants.ts';

let server: TestServer | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await server?.close();
  server = undefined;
});

/** What a media server's failure may say: internal addresses, session ids, secrets. */
const JANUS_TEXT = 'Janus error 458: No such session 5521 (ws://10.0.0.7:8188, apisecret=janus-s3cret)';

/** An SFU that fails every call the way a Janus adapter passes on the media server's error text. */
const failingSfu: Sfu = {
  createRoom: () => Promise.reject(new Error(JANUS_TEXT)),
  destroyRoom: () => Promise.resolve(),
  publish: () => Promise.reject(new Error(JANUS_TEXT)),
  subscribe: () => Promise.reject(new Error(JANUS_TEXT)),
  start: () => Promise.reject(new Error(JANUS_TEXT)),
  trickle: () => Promise.reject(new Error(JANUS_TEXT)),
  closeLeg: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

describe('[E18] what a media server says stays on the server', () => {
  it('[E18] an SFU failure reaches the client as media_failed with the catalogue text, never the SFU’s own', async () => {
    server = await startServer({ sfu: failingSfu });
    const s = server;
    const cookie = await loginCookie(s.baseUrl);
    const ws = new WebSocket(s.baseUrl.replace('http', 'ws') + '/ws', { headers: { cookie, origin: s.baseUrl } });
    sockets.push(ws);
    const frames: string[] = [];
    const waiters: ((m: ServerMessage) => void)[] = [];
    ws.on('message', (data: Buffer) => {
      frames.push(data.toString());
      const message = JSON.parse(data.toString()) as ServerMessage;
      for (const waiter of waiters.splice(0)) waiter(message);
    });
    const next = (predicate: (m: ServerMessage) => boolean) =>
      new Promise<ServerMessage>((resolve) => {
        const wait = (m: ServerMessage) => (predicate(m) ? resolve(m) : waiters.push(wait));
        waiters.push(wait);
      });
    await new Promise((resolve) => ws.on('open', resolve));
    const welcomed = next((m) => m.type === 'welcome');
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'consultant' }));
    const welcome = await welcomed;
    const broadcastLink = welcome.type === 'welcome' ? welcome.links.find((l) => l.mode === 'broadcast') : undefined;
    expect(broadcastLink).toBeDefined();
    const linkId = broadcastLink?.id ?? '';

    const onAir = next((m) => m.type === 'broadcast.updated' || m.type === 'error');
    ws.send(JSON.stringify({ type: 'broadcast.start', linkId }));
    await onAir;
    const failed = next((m) => m.type === 'error' && m.ref === 'media.publish');
    ws.send(JSON.stringify({ type: 'media.publish', room: { kind: 'broadcast', linkId }, leg: 'pub', sdp: 'v=0\r\n' }));
    expect(await failed).toEqual({
      type: 'error',
      code: 'media_failed',
      message: errorCatalogue.media_failed.message,
      ref: 'media.publish',
    });
    expect(frames.join('\n')).not.toMatch(/Janus|5521|10\.0\.0\.7|s3cret/);
  });
});

describe('[E20] inviting cannot be used to list other tenants’ accounts', () => {
  it('[E20] after a few invites of other tenants’ e-mails every invite pauses, so taken and free look alike', async () => {
    const runtime = new FakeRuntime();
    server = await startServer({ runtime });
    const s = server;
    const alpha = await addTenant(s, 'alpha');
    await addTenant(s, 'beta');
    let token = alpha.admin.token;
    const invite = async (email: string) => {
      const response = await rawRequest(
        s.baseUrl,
        'POST',
        '/api/v1/admin/consultants',
        { cookie: `parley_session=${token}`, 'x-parley-csrf': '1', 'content-type': 'application/json' },
        JSON.stringify({ name: 'Probe', email }),
      );
      return [response.status, (JSON.parse(response.body) as { code?: string }).code ?? 'created'];
    };
    // Its own consultants' addresses: the admin sees those anyway, they do not count.
    for (let i = 0; i < FOREIGN_EMAIL_LIMIT.hits + 2; i++) {
      expect(await invite('consultant@alpha.test')).toEqual([409, 'email_taken']);
    }
    // Beta's accounts, probed from alpha: a few answers, then nothing that tells them apart.
    for (let i = 0; i < FOREIGN_EMAIL_LIMIT.hits; i++) {
      expect(await invite(i % 2 ? 'admin@beta.test' : 'consultant@beta.test')).toEqual([409, 'email_taken']);
    }
    expect(await invite('outsider@beta.test')).toEqual([429, 'rate_limited']);
    expect(await invite('nobody-yet@example.test')).toEqual([429, 'rate_limited']);
    // The pause ends with the window.
    runtime.advance(FOREIGN_EMAIL_LIMIT.windowMs);
    token = await sessionFor(s, alpha.admin.id); // (the test's session may not outlive the hour)
    expect(await invite('nobody-yet@example.test')).toEqual([201, 'created']);
  });
});
