import { WebSocket } from 'ws';
import { closeCodes, MAX_FRAME_BYTES, PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { ConsultantClient, type VisitorClient } from '@parley/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SqlStores } from '../src/storage/stores.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { DEMO_BROADCAST_KEY, DEMO_POOL_KEY, DEMO_SECOND_EMAIL } from '../src/domain/tenants/demo.ts';
import { consultant, DEMO, loginCookie, nodeSockets, startServer, until, visitor, type TestServer } from './server.ts';

let server: TestServer;
let runtime: FakeRuntime;
const open: { close(): void }[] = [];

beforeEach(async () => {
  runtime = new FakeRuntime(Date.now());
  server = await startServer({ runtime });
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

function track<T extends { close(): void }>(client: T): T {
  open.push(client);
  return client;
}

async function availableConsultant(): Promise<ConsultantClient> {
  const c = track(await consultant(server));
  c.setAvailable(true);
  await until(c, (s) => s.available);
  return c;
}

/** A raw socket speaking JSON, for sending what the SDK never would. */
async function rawSocket(): Promise<{ ws: WebSocket; next: () => Promise<ServerMessage>; closed: Promise<number> }> {
  const ws = new WebSocket(server.baseUrl.replace('http', 'ws') + '/ws');
  const inbox: ServerMessage[] = [];
  const waiters: ((m: ServerMessage) => void)[] = [];
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    // Browsers hand binary frames over as Blobs, which the SDK does not parse: frames must be text.
    if (isBinary) throw new Error('server sent a binary frame');
    const message = JSON.parse(data.toString()) as ServerMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.on('open', resolve));
  open.push({ close: () => ws.close() });
  return {
    ws,
    closed,
    next: () => {
      const queued = inbox.shift();
      return queued ? Promise.resolve(queued) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

describe('WebSocket gateway with the client SDK', () => {
  it('[A1][C2][C3][M1][M2][C7] carries a visitor from availability to a call and back to Connect', async () => {
    const v = track(visitor(server));
    await until(v, (s) => s.status === 'open');
    expect(v.state.available).toBe(false);

    const c = await availableConsultant();
    await until(v, (s) => s.available);

    const rings: string[] = [];
    c.on('ring', (conversation) => rings.push(conversation.visitorName));
    v.request('Ann');
    const ringing = await until(c, () => c.ringing.length === 1);
    expect(Object.values(ringing.conversations)[0]).toMatchObject({ state: 'ringing', visitorName: 'Ann' });
    expect(rings).toEqual(['Ann']);
    expect((await until(v, (s) => s.conversation?.state === 'ringing')).conversation?.queuePosition).toBe(1);

    const conversationId = c.ringing[0]?.id ?? '';
    c.accept(conversationId);
    const active = await until(v, (s) => s.conversation?.state === 'active');
    expect(active.conversation?.consultantName).toBe('Dana Demo');

    v.sendChat('Hello from the visitor');
    c.sendChat(conversationId, 'Hello from the consultant');
    await until(v, (s) => s.messages.length === 2);
    await until(c, (s) => (s.messages[conversationId] ?? []).length === 2);
    expect(v.state.messages.map((m) => [m.sender, m.text])).toEqual([
      ['visitor', 'Hello from the visitor'],
      ['consultant', 'Hello from the consultant'],
    ]);

    const signals: string[] = [];
    c.on('signal', ({ signal }) => signals.push(signal.kind));
    v.signal({ kind: 'offer', epoch: 'e1', sdp: 'v=0' });
    await new Promise<void>((resolve) => c.on('signal', () => resolve()));
    expect(signals).toEqual(['offer']);

    c.end(conversationId);
    const ended = await until(v, (s) => s.conversation?.state === 'ended');
    expect(ended.conversation?.closeReason).toBe('consultant_ended');

    v.request();
    await until(v, (s) => s.conversation?.id !== conversationId && s.conversation?.state === 'ringing');
  });

  it('[E18][PL25] a socket that asked for SFU media where there is none closes cleanly: no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const c = track(await consultant(server));
      const link = await server.services.directory.links.findLinkByKey(DEMO_BROADCAST_KEY);
      const refused = new Promise<string>((resolve) => c.connection.on('error', (m) => resolve(m.code)));
      const room = { kind: 'broadcast', linkId: link?.id ?? '' } as const;
      c.connection.send({ type: 'media.publish', room, leg: 'camera', sdp: 'v=0' });
      expect(await refused).toBe('media_unavailable');
      c.close();
      // The socket's cleanup closes the legs it named; on a server without an SFU that refuses too.
      await vi.waitFor(() => expect(server.services.sockets.byRole().consultant).toBe(0));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onRejection);
    }
    expect(rejections).toEqual([]);
  });

  it('[C5] Decline closes the request and the visitor is told', async () => {
    const v = track(visitor(server));
    const c = await availableConsultant();
    await until(v, (s) => s.available);
    v.request();
    await until(c, () => c.ringing.length === 1);
    c.decline(c.ringing[0]?.id ?? '');
    const declined = await until(v, (s) => s.conversation?.state === 'declined');
    expect(declined.conversation?.closeReason).toBe('declined');
  });

  it('[P4] a visitor who reloads resumes the same conversation with its chat', async () => {
    const storage = new Map<string, string>();
    const first = visitor(server, storage);
    const c = await availableConsultant();
    await until(first, (s) => s.available);
    first.request();
    await until(c, () => c.ringing.length === 1);
    c.accept(c.ringing[0]?.id ?? '');
    await until(first, (s) => s.conversation?.state === 'active');
    first.sendChat('before reload');
    await until(first, (s) => s.messages.length === 1);
    const before = first.state;
    first.close();

    const second = track(visitor(server, storage));
    const resumed = await until(second, (s) => s.status === 'open');
    expect(resumed.visitorId).toBe(before.visitorId);
    expect(resumed.conversation).toMatchObject({ id: before.conversation?.id, state: 'active' });
    expect(resumed.messages.map((m) => m.text)).toEqual(['before reload']);
  });

  it('[P2] a consultant who closes the tab goes unavailable after the grace period; the waiting visitor is told', async () => {
    const v = track(visitor(server));
    const c = await consultant(server);
    c.setAvailable(true);
    await until(v, (s) => s.available);
    v.request();
    await until(c, () => c.ringing.length === 1);
    const graceStarted = runtime.nextScheduled();
    c.close();
    await graceStarted;
    runtime.advance(server.config.switchboard.consultantGraceMs);
    await until(v, (s) => !s.available && s.conversation?.state === 'queued');
  });

  it('[T9][DV1][DV2] deactivating a consultant mid-call closes their console with 4401; the call waits again and rings a colleague', async () => {
    const dana = await availableConsultant();
    const samCookie = await loginCookie(server.baseUrl, DEMO_SECOND_EMAIL, DEMO.password);
    const sam = track(new ConsultantClient({ baseUrl: server.baseUrl, socketFactory: nodeSockets(samCookie) }));
    const signedOut = new Promise<{ code: number; reason: string }>((resolve) => sam.on('fatal', resolve));
    sam.connect();
    await until(sam, (s) => s.status === 'open');
    dana.setAvailable(false);
    await until(dana, (s) => !s.available);
    sam.setAvailable(true);
    await until(sam, (s) => s.available);
    const v = track(visitor(server, new Map(), DEMO_POOL_KEY));
    await until(v, (s) => s.available);
    v.request('Ann');
    await until(sam, () => sam.ringing.length === 1);
    sam.accept(sam.ringing[0]?.id ?? '');
    await until(v, (s) => s.conversation?.state === 'active');

    const samId = (await server.services.directory.consultants.findConsultantByEmail(DEMO_SECOND_EMAIL))?.id ?? '';
    const danaCookie = await loginCookie(server.baseUrl);
    const off = await fetch(`${server.baseUrl}/api/v1/admin/consultants/${samId}`, {
      method: 'PATCH',
      headers: { cookie: danaCookie, 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    expect(await signedOut).toEqual({ code: closeCodes.notAuthenticated, reason: 'account_deactivated' });
    const conversationId = v.state.conversation?.id;
    const waiting = await until(v, (s) => s.conversation?.state === 'queued');
    expect(waiting.conversation).toMatchObject({ id: conversationId, queuePosition: 1 });

    // Nobody else is available; Dana coming back is rung for the same conversation.
    dana.setAvailable(true);
    await until(dana, () => dana.ringing.length === 1);
    expect(dana.ringing[0]?.id).toBe(conversationId);
    dana.accept(conversationId ?? '');
    await until(v, (s) => s.conversation?.state === 'active' && s.conversation.consultantId !== null);
    dana.end(conversationId ?? '');
    await until(v, (s) => s.conversation?.state === 'ended');
  });

  it('[M3][M4] a message the server failed to store is resent by the client and arrives exactly once', async () => {
    const v = track(visitor(server));
    const c = await availableConsultant();
    await until(v, (s) => s.available);
    v.request('Ann');
    await until(c, () => c.ringing.length === 1);
    const conversationId = c.ringing[0]?.id ?? '';
    c.accept(conversationId);
    await until(v, (s) => s.conversation?.state === 'active');

    const store = (server.services.directory as SqlStores).conversations;
    const writes = vi.spyOn(store, 'appendMessages').mockRejectedValueOnce(new Error('disk I/O error'));
    v.sendChat('Hello despite the disk');
    await until(c, (s) => (s.messages[conversationId] ?? []).length === 1);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(v.connection.unacknowledged).toEqual([]);
    const tenant = await server.services.directory.tenants.findTenantBySlug('demo');
    expect((await store.listMessages(tenant?.id ?? '', conversationId)).map((m) => m.text)).toEqual([
      'Hello despite the disk',
    ]);
  });

  it('[I5] a left message reaches every connected console of the tenant as inbox.changed', async () => {
    const c = track(await consultant(server));
    const before = c.state.inboxVersion;
    const left = await fetch(`${server.baseUrl}/api/v1/links/${DEMO_POOL_KEY}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-csrf': '1' },
      body: JSON.stringify({ name: 'Vera', email: 'vera@example.test', text: 'Call me' }),
    });
    expect(left.status).toBe(201);
    await until(c, (s) => s.inboxVersion === before + 1);
  });

  it('refuses a consultant without a session, closing with the documented code', async () => {
    const { ws, next, closed } = await rawSocket();
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'consultant' }));
    expect(await next()).toMatchObject({ type: 'error', code: 'not_authenticated' });
    expect(await closed).toBe(closeCodes.notAuthenticated);
  });

  it('answers every kind of bad input with a coded error and keeps the connection and data', async () => {
    const { ws, next } = await rawSocket();
    const bad: [string | Buffer, string][] = [
      ['not json', 'invalid_json'],
      [JSON.stringify({ type: 'chat.send' }), 'handshake_required'],
      [JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor' }), 'invalid_message'],
      [JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', linkKey: 'nope' }), 'link_not_found'],
    ];
    for (const [frame, code] of bad) {
      ws.send(frame);
      expect(await next()).toMatchObject({ type: 'error', code });
    }
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', linkKey: 'demo-help' }));
    expect(await next()).toMatchObject({ type: 'welcome', role: 'visitor' });
    const afterHello: [string | Buffer, string][] = [
      ['{"type":', 'invalid_json'],
      ['null', 'invalid_message'],
      ['"a string"', 'invalid_message'],
      [JSON.stringify({ type: 'no.such.type' }), 'invalid_message'],
      [
        JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', linkKey: 'demo-help' }),
        'already_greeted',
      ],
      [JSON.stringify({ type: 'chat.send', conversationId: 'x', clientId: 'y', text: '' }), 'invalid_message'],
      [
        JSON.stringify({ type: 'chat.send', conversationId: 'x', clientId: 'y', text: 'x'.repeat(5000) }),
        'invalid_message',
      ],
      [
        JSON.stringify({ type: 'chat.send', conversationId: 'conv_nope', clientId: 'y', text: 'hi' }),
        'conversation_not_found',
      ],
      [JSON.stringify({ type: 'conversation.accept', conversationId: 'conv_nope' }), 'forbidden'],
      [JSON.stringify({ type: 'presence.set', available: 'yes' }), 'invalid_message'],
      [JSON.stringify({ type: 'conversation.request' }), 'no_consultant_available'],
      [
        JSON.stringify({ type: 'rtc.signal', conversationId: 'x', signal: { kind: 'offer', epoch: 'e' } }),
        'invalid_message',
      ],
      [Buffer.from([1, 2, 3]), 'invalid_message'],
    ];
    for (const [frame, code] of afterHello) {
      ws.send(frame);
      expect(await next(), `for ${String(frame).slice(0, 60)}`).toMatchObject({ type: 'error', code });
    }
    ws.send(JSON.stringify({ type: 'ping' }));
    expect(await next()).toEqual({ type: 'pong' });
  });

  it('closes a connection that sends an oversized frame with 1009, and the server serves on', async () => {
    const { ws, closed } = await rawSocket();
    ws.send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(await closed).toBe(closeCodes.tooLarge);
    const v = track(visitor(server));
    await until(v, (s) => s.status === 'open');
  });

  it('closes on an unsupported protocol version with 4001', async () => {
    const { ws, next, closed } = await rawSocket();
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION + 1, role: 'visitor', linkKey: 'demo-help' }));
    expect(await next()).toMatchObject({ type: 'error', code: 'unsupported_protocol_version' });
    expect(await closed).toBe(closeCodes.protocolVersion);
  });
});

export type { VisitorClient };
