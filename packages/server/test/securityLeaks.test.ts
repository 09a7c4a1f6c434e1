import { WebSocket } from 'ws';
import { errorCatalogue, PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sfu } from '../src/domain/media/sfu.ts';
import { loginCookie, startServer, type TestServer } from './server.ts';

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
