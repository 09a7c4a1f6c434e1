import fc from 'fast-check';
import { WebSocket } from 'ws';
import {
  closeCodes,
  errorCodes,
  PROTOCOL_VERSION,
  ServerMessage,
  type ServerMessage as ServerMessageType,
} from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits } from '../../src/config.ts';
import { consultant, loginCookie, startServer, type TestServer } from '../server.ts';
import { frame, LAST, runs } from './arbitraries.ts';

const documentedCloseCodes = new Set<number>(Object.values(closeCodes));
let server: TestServer;
let cookie: string;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  // Generous limits: this suite is about malformed input, not about rate (see security.test.ts).
  server = await startServer({
    config: {
      limits: {
        ...defaultLimits,
        messagesPerSecond: 1e6,
        messageBurst: 1e6,
        connectionsPerIp: 1e6,
        newVisitorBurst: 1e6,
      },
    },
  });
  cookie = await loginCookie(server.baseUrl);
  // An available consultant, so fuzzed visitors really queue, ring and get accepted.
  const desk = await consultant(server);
  desk.setAvailable(true);
  cleanup.push(() => desk.close());
});
afterAll(async () => {
  for (const fn of cleanup) fn();
  await server.close();
});

/** A socket that answers "what came back for this frame?" by sending a ping after it. */
class Probe {
  private readonly inbox: ServerMessageType[] = [];
  private waiter: (() => void) | undefined;
  closeCode: number | undefined;
  last = 'conv_nope';

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const parsed = ServerMessage.safeParse(JSON.parse(data.toString()));
      // Everything the server says must itself be valid protocol.
      expect(parsed.success, data.toString().slice(0, 200)).toBe(true);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'conversation.updated') this.last = message.conversation.id;
      if (message.type === 'welcome' && message.conversations[0]) this.last = message.conversations[0].id;
      this.inbox.push(message);
      this.waiter?.();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.waiter?.();
    });
  }

  static open(headers: Record<string, string> = {}): Promise<Probe> {
    const ws = new WebSocket(server.baseUrl.replace('http', 'ws') + '/ws', { headers });
    cleanup.push(() => ws.close());
    return new Promise((resolve) => ws.on('open', () => resolve(new Probe(ws))));
  }

  /** Sends the frame, then a ping; resolves with what arrived up to the pong (or the close). */
  async exchange(data: string | Buffer): Promise<ServerMessageType[]> {
    const payload = typeof data === 'string' ? data.replaceAll(`"${LAST}"`, JSON.stringify(this.last)) : data;
    // The probe's ping is answered by a pong, or before hello by handshake_required. A fuzzed
    // frame may itself be a ping: then the probe's answer is the second one.
    const pongs = (isPing(payload) ? 1 : 0) + 1;
    this.ws.send(payload);
    if (this.closeCode === undefined) this.ws.send(JSON.stringify({ type: 'ping' }));
    for (;;) {
      const at = this.inbox.flatMap((m, i) => (isPingAnswer(m) ? [i] : []))[pongs - 1];
      if (at !== undefined) return this.inbox.splice(0, at + 1).filter((m) => !isPingAnswer(m));
      if (this.closeCode !== undefined) return this.inbox.splice(0);
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}

function isPing(payload: string | Buffer): boolean {
  if (typeof payload !== 'string') return false;
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'ping';
  } catch {
    return false;
  }
}

function isPingAnswer(m: ServerMessageType): boolean {
  return m.type === 'pong' || (m.type === 'error' && m.code === 'handshake_required' && m.ref === 'ping');
}

function checkAnswers(answers: ServerMessageType[]): void {
  for (const m of answers) {
    if (m.type !== 'error') continue;
    expect(errorCodes).toContain(m.code);
    // Bad input is the client's fault: it is never answered with a server failure.
    expect(m.code, m.message).not.toBe('internal_error');
  }
}

async function fuzzSession(hello: string | null, frames: (string | Buffer)[], headers = {}): Promise<void> {
  const probe = await Probe.open(headers);
  if (hello) {
    const [welcome] = await probe.exchange(hello);
    expect(welcome?.type).toBe('welcome');
  }
  for (const f of frames) {
    checkAnswers(await probe.exchange(f));
    if (probe.closeCode !== undefined) break;
  }
  if (probe.closeCode === undefined) {
    // Still usable: a ping gets its pong.
    // The roster (sent after welcome) and a presence change (team.member) may arrive a moment
    // later: pushes, not answers to the ping.
    const answers = await probe.exchange(JSON.stringify({ type: 'ping' }));
    expect(answers.filter((m) => m.type !== 'team.roster' && m.type !== 'team.member')).toEqual([]);
    probe.ws.close();
  } else {
    expect(documentedCloseCodes).toContain(probe.closeCode);
  }
}

const visitorHello = JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', linkKey: 'demo-help' });
const consultantHello = JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'consultant' });
const frames = fc.array(frame, { minLength: 1, maxLength: 12 });

describe('fuzzed WebSocket input', () => {
  it('[E1][E2] before hello: any frames get coded errors or a documented close, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(frames, (f) => fuzzSession(null, f)),
      { numRuns: runs(40) },
    );
  });

  it('[E1][E2][C8] a visitor: malformed, mistyped, unknown and out-of-order messages are all answered', async () => {
    await fc.assert(
      fc.asyncProperty(frames, (f) => fuzzSession(visitorHello, f)),
      { numRuns: runs(60) },
    );
  });

  it('[E1][E2][C8] a consultant: the same, with a session, against live conversations', async () => {
    await fc.assert(
      fc.asyncProperty(frames, (f) => fuzzSession(consultantHello, f, { cookie })),
      { numRuns: runs(40) },
    );
    await server.services.live.settled();
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
  });
});
