import { WebSocket } from 'ws';
import { closeCodes, PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultLimits } from '../src/config.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { startServer, type TestServer } from './server.ts';

let server: TestServer | undefined;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.close();
  await server?.close();
  server = undefined;
});

const BURST = 3;
const REFILL_MS = 10_000;

/** A real server (behind a pretend proxy on loopback, so sockets may come from other addresses). */
async function start(runtime: FakeRuntime): Promise<TestServer> {
  const limits = { ...defaultLimits, newVisitorBurst: BURST, newVisitorRefillMs: REFILL_MS };
  server = await startServer({ runtime, config: { limits, trustProxy: ['127.0.0.1'] } });
  return server;
}

/** Opens a socket as a visitor from `address`, says hello, and returns the first answer and the close code. */
async function hello(
  s: TestServer,
  address: string,
  resumeToken?: string,
): Promise<{ first: ServerMessage; closed: Promise<number> }> {
  const ws = new WebSocket(s.baseUrl.replace('http', 'ws') + '/ws', { headers: { 'x-forwarded-for': address } });
  sockets.push(ws);
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  const first = new Promise<ServerMessage>((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as ServerMessage)),
  );
  await new Promise((resolve) => ws.on('open', resolve));
  ws.send(
    JSON.stringify({
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      linkKey: 'demo-help',
      ...(resumeToken ? { resumeToken } : {}),
    }),
  );
  return { first: await first, closed };
}

async function visitorRows(s: TestServer): Promise<number> {
  const row = await s.db
    .selectFrom('visitors')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

describe('[E16] new visitor sessions per address', () => {
  it('[E16] one address cannot mint visitor rows in a loop: past the burst, hello is refused with 4429', async () => {
    const runtime = new FakeRuntime();
    const s = await start(runtime);
    const before = await visitorRows(s);
    const welcomes: ServerMessage[] = [];
    for (let i = 0; i < BURST; i++) welcomes.push((await hello(s, '203.0.113.7')).first);
    expect(welcomes.map((m) => m.type)).toEqual(Array(BURST).fill('welcome'));

    const refused = await hello(s, '203.0.113.7');
    expect(refused.first).toMatchObject({ type: 'error', code: 'rate_limited', ref: 'hello' });
    expect(await refused.closed).toBe(closeCodes.rateLimited);
    // A made-up resume token is a new visitor too.
    expect((await hello(s, '203.0.113.7', 'made-up-token-0123456789')).first).toMatchObject({ code: 'rate_limited' });
    expect(await visitorRows(s)).toBe(before + BURST);

    // A returning visitor (a real resume token) is never held up; another address has its own budget.
    const first = welcomes[0];
    const token = first?.type === 'welcome' ? (first.resumeToken ?? '') : '';
    expect((await hello(s, '203.0.113.7', token)).first).toMatchObject({ type: 'welcome' });
    expect((await hello(s, '203.0.113.8')).first).toMatchObject({ type: 'welcome' });
    // And the address gets one more after the refill time.
    runtime.advance(REFILL_MS);
    expect((await hello(s, '203.0.113.7')).first).toMatchObject({ type: 'welcome' });
  });
});
