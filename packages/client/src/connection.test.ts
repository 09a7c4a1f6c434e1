import { describe, expect, it } from 'vitest';
import { closeCodes, PROTOCOL_VERSION } from '@parley/protocol';
import { exponentialBackoff, ParleyConnection } from './connection.ts';
import { FakeSocket } from './testing/fakeSocket.ts';
import { Emitter } from './emitter.ts';

const welcome = {
  type: 'welcome',
  v: PROTOCOL_VERSION,
  role: 'visitor',
  self: { id: 'v1', name: '' },
  resumeToken: 'token-token-token-token',
  iceServers: [],
  available: true,
  conversations: [],
  messages: [],
};

function setup() {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const connection = new ParleyConnection({
    url: 'ws://x/ws',
    hello: () => ({ type: 'hello', role: 'visitor', linkKey: 'k' }),
    socketFactory: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    reconnect: exponentialBackoff(100, 1000, () => 1),
    setTimer: (fn, ms) => timers.push({ fn, ms }),
  });
  return { connection, sockets, timers };
}

describe('ParleyConnection', () => {
  it('says hello with the protocol version, and holds messages until welcomed', () => {
    const { connection, sockets } = setup();
    connection.connect();
    connection.send({ type: 'ping' });
    const socket = sockets[0]!;
    socket.open();
    expect(socket.sent.map((s) => JSON.parse(s) as unknown)).toEqual([
      { v: PROTOCOL_VERSION, type: 'hello', role: 'visitor', linkKey: 'k' },
    ]);
    socket.receive(welcome);
    expect(socket.sent.at(-1)).toBe(JSON.stringify({ type: 'ping' }));
    expect(connection.status).toBe('open');
  });

  it('reconnects with exponential backoff, says hello again and resets the backoff on welcome', () => {
    const { connection, sockets, timers } = setup();
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.close(1006);
    expect(connection.status).toBe('reconnecting');
    sockets.length = 1;
    timers.shift()!.fn();
    sockets[1]!.close(1006);
    timers.shift()!.fn();
    sockets[2]!.close(1006);
    expect(timers.map((t) => t.ms)).toEqual([400]);
    timers.shift()!.fn();
    sockets[3]!.open();
    sockets[3]!.receive(welcome);
    sockets[3]!.close(1006);
    expect(timers.map((t) => t.ms)).toEqual([100]);
  });

  it('[RS1] tells the policy how long the connection has been down, by the injected clock, from the first close to the welcome', () => {
    const sockets: FakeSocket[] = [];
    const timers: (() => void)[] = [];
    const asked: { attempt: number; elapsedMs: number }[] = [];
    let clock = 1_000;
    const connection = new ParleyConnection({
      url: 'ws://x/ws',
      hello: () => ({ type: 'hello', role: 'visitor', linkKey: 'k' }),
      socketFactory: () => {
        const s = new FakeSocket();
        sockets.push(s);
        return s;
      },
      reconnect: {
        nextRetryDelayMs: (context) => {
          asked.push(context);
          return 100;
        },
      },
      setTimer: (fn) => timers.push(fn),
      now: () => clock,
    });
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.receive(welcome);
    clock = 5_000;
    sockets[0]!.close(1006);
    clock = 5_700;
    timers.shift()!();
    sockets[1]!.close(1006);
    clock = 7_000;
    timers.shift()!();
    sockets[2]!.open();
    sockets[2]!.receive(welcome);
    clock = 9_000;
    sockets[2]!.close(1006);
    expect(asked).toEqual([
      { attempt: 0, elapsedMs: 0 },
      { attempt: 1, elapsedMs: 700 },
      { attempt: 0, elapsedMs: 0 },
    ]);
  });

  it('gives up on fatal close codes (not logged in, wrong protocol) and reports them', () => {
    const { connection, sockets, timers } = setup();
    const fatal: number[] = [];
    connection.on('fatal', (e) => fatal.push(e.code));
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.close(4401);
    expect(fatal).toEqual([4401]);
    expect(timers).toEqual([]);
    expect(connection.status).toBe('closed');
  });

  it('[OP3] a server restarting (1012) is not fatal: the client reconnects on the first back-off step', () => {
    const { connection, sockets, timers } = setup();
    const fatal: number[] = [];
    connection.on('fatal', (e) => fatal.push(e.code));
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.receive(welcome);
    sockets[0]!.close(closeCodes.serviceRestart);
    expect(fatal).toEqual([]);
    expect(connection.status).toBe('reconnecting');
    expect(timers.map((t) => t.ms)).toEqual([100]);
    timers.shift()!.fn();
    expect(sockets).toHaveLength(2);
  });

  it('keeps working when a listener throws', () => {
    const { connection, sockets } = setup();
    const seen: string[] = [];
    connection.on('availability', () => {
      throw new Error('broken listener');
    });
    connection.on('availability', (m) => seen.push(String(m.available)));
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.receive(welcome);
    const errors: unknown[] = [];
    const report = Emitter.reportListenerError;
    Emitter.reportListenerError = (e) => errors.push(e);
    sockets[0]!.receive({ type: 'availability', available: false });
    Emitter.reportListenerError = report;
    expect(seen).toEqual(['false']);
    expect(errors).toEqual([new Error('broken listener')]);
  });

  it('[M3] resends chat the server never acknowledged after a reconnect, once, and forgets acknowledged chat', () => {
    const { connection, sockets, timers } = setup();
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.receive(welcome);
    const chat = (clientId: string) => ({ type: 'chat.send', conversationId: 'c1', clientId, text: clientId }) as const;
    connection.send(chat('acked'));
    connection.send(chat('lost'));
    sockets[0]!.receive({
      type: 'chat.message',
      message: {
        id: 'm1',
        conversationId: 'c1',
        clientId: 'acked',
        sender: 'visitor',
        authorName: '',
        text: 'acked',
        sentAt: 1,
      },
    });
    expect(connection.unacknowledged.map((m) => m.clientId)).toEqual(['lost']);
    // The socket dies before "lost" is acknowledged; more chat is typed during the outage.
    sockets[0]!.close(1006);
    connection.send(chat('offline'));
    timers.shift()!.fn();
    sockets[1]!.open();
    sockets[1]!.receive(welcome);
    const resent = sockets[1]!.sent.slice(1).map((s) => (JSON.parse(s) as { clientId: string }).clientId);
    expect(resent).toEqual(['lost', 'offline']);
  });

  it('[M3] does not resend chat the welcome already lists, nor chat the server refused by client id', () => {
    const { connection, sockets, timers } = setup();
    connection.connect();
    sockets[0]!.open();
    sockets[0]!.receive(welcome);
    connection.send({ type: 'chat.send', conversationId: 'c1', clientId: 'stored', text: 'a' });
    connection.send({ type: 'chat.send', conversationId: 'c1', clientId: 'refused', text: 'b' });
    sockets[0]!.receive({
      type: 'error',
      code: 'illegal_transition',
      message: 'x',
      ref: 'chat.send',
      clientId: 'refused',
    });
    sockets[0]!.close(1006);
    timers.shift()!.fn();
    sockets[1]!.open();
    const stored = {
      id: 'm1',
      conversationId: 'c1',
      clientId: 'stored',
      sender: 'visitor',
      authorName: '',
      text: 'a',
      sentAt: 1,
    };
    sockets[1]!.receive({ ...welcome, messages: [stored] });
    expect(sockets[1]!.sent.slice(1)).toEqual([]);
    expect(connection.unacknowledged).toEqual([]);
  });

  it('[M3] tells the app which chat messages are still unsent, until each is stored', () => {
    const { connection, sockets } = setup();
    const outbox: string[][] = [];
    connection.on('outbox', (list) => outbox.push(list.map((m) => m.clientId)));
    connection.connect();
    connection.send({ type: 'chat.send', conversationId: 'c1', clientId: 'a', text: 'offline' });
    sockets[0]!.open();
    sockets[0]!.receive(welcome);
    connection.send({ type: 'chat.send', conversationId: 'c1', clientId: 'b', text: 'online' });
    const stored = { id: 'm1', conversationId: 'c1', sender: 'visitor', authorName: '', sentAt: 1 };
    sockets[0]!.receive({ type: 'chat.message', message: { ...stored, clientId: 'a', text: 'offline' } });
    sockets[0]!.receive({ type: 'chat.message', message: { ...stored, id: 'm2', clientId: 'b', text: 'online' } });
    expect(outbox).toEqual([['a'], ['a', 'b'], ['b'], []]);
  });

  // [PL40] storage_unavailable: PostgreSQL stayed away longer than the server waits for it.
  it.each(['internal_error', 'storage_unavailable'])(
    '[M3][PL40] keeps and resends, with backoff, chat the server failed to store (%s)',
    (code) => {
      const { connection, sockets, timers } = setup();
      const errors: string[] = [];
      connection.on('error', (e) => errors.push(e.code));
      connection.connect();
      sockets[0]!.open();
      sockets[0]!.receive(welcome);
      const chat = { type: 'chat.send', conversationId: 'c1', clientId: 'unlucky', text: 'a' } as const;
      connection.send(chat);
      const failed = { type: 'error', code, message: 'x', ref: 'chat.send', clientId: 'unlucky' };
      sockets[0]!.receive(failed);
      expect(connection.unacknowledged.map((m) => m.clientId)).toEqual(['unlucky']);
      expect(errors).toEqual([]); // handled here, not a failure for the user to see
      expect(timers.map((t) => t.ms)).toEqual([100]);
      timers.shift()!.fn();
      expect(sockets[0]!.sent.at(-1)).toBe(JSON.stringify(chat));
      // Failing again waits longer; once stored, it is forgotten.
      sockets[0]!.receive(failed);
      expect(timers.map((t) => t.ms)).toEqual([200]);
      sockets[0]!.receive({
        type: 'chat.message',
        message: {
          id: 'm1',
          conversationId: 'c1',
          clientId: 'unlucky',
          sender: 'visitor',
          authorName: '',
          text: 'a',
          sentAt: 1,
        },
      });
      expect(connection.unacknowledged).toEqual([]);
      const sentBefore = sockets[0]!.sent.length;
      timers.shift()!.fn();
      expect(sockets[0]!.sent.length).toBe(sentBefore);
    },
  );

  it('[E5][E6][E7] gives up on 4403 (origin not allowed) but retries after 4430 and 4429', () => {
    const { connection, sockets, timers } = setup();
    connection.connect();
    for (const [i, code] of [4430, 4429].entries()) {
      sockets[i]!.open();
      sockets[i]!.close(code);
      expect(connection.status).toBe('reconnecting');
      timers.shift()!.fn();
    }
    sockets[2]!.open();
    sockets[2]!.close(4403);
    expect(connection.status).toBe('closed');
    expect(timers).toEqual([]);
  });
});
