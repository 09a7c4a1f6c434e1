import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeRuntime } from '../src/domain/runtime.ts';
import type { Sfu } from '../src/domain/media/sfu.ts';
import { consultant, startServer, until, visitor, type TestServer } from './server.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
const running: TestServer[] = [];
const clients: { close(): void }[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of running.splice(0)) await server.close();
});

async function serve(options: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer(options);
  running.push(server);
  return server;
}

/** An SFU that answers at once and can be told to be unreachable. */
class QuietSfu implements Sfu {
  up = true;
  createRoom = (): Promise<void> => Promise.resolve();
  destroyRoom = (): Promise<void> => Promise.resolve();
  publish = (): Promise<string> => Promise.resolve('v=0 answer');
  subscribe = (): Promise<string> => Promise.resolve('v=0 offer');
  start = (): Promise<void> => Promise.resolve();
  trickle = (): Promise<void> => Promise.resolve();
  closeLeg = (): Promise<void> => Promise.resolve();
  close = (): Promise<void> => Promise.resolve();
  reachable = (): Promise<boolean> => Promise.resolve(this.up);
}

async function scrape(server: TestServer): Promise<string> {
  const response = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of one sample, e.g. `parley_conversations{state="active"}`; NaN when it is missing. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

describe('[OP1] health and readiness', () => {
  it('[OP1] /healthz says the process is up; /readyz checks the database, migrations and the SFU', async () => {
    const sfu = new QuietSfu();
    const server = await serve({ sfu });
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: 'ok', migrations: 'ok', janus: 'up' } });

    // The SFU down is reported but keeps the node in rotation: 1:1 calls and chat still work.
    sfu.up = false;
    const degraded = await fetch(`${server.baseUrl}/readyz`);
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({ ready: true, checks: { janus: 'down' } });
  });

  it('[OP1] /readyz is 503 while a migration is pending, and says janus "off" without a media server', async () => {
    const server = await serve();
    await sql`delete from kysely_migration where name = ${'0001_foundation'}`.execute(server.db);
    const response = await fetch(`${server.baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      ready: false,
      checks: { database: 'ok', migrations: 'pending', janus: 'off' },
    });
  });

  it('[OP1] /readyz is 503 when the database does not answer', async () => {
    const server = await serve();
    await server.db.destroy();
    const response = await fetch(`${server.baseUrl}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ready: false, checks: { database: 'down' } });
    running.splice(running.indexOf(server), 1);
    await server.app.close();
  });
});

describe('[OP2] Prometheus metrics', () => {
  it('[OP2] /metrics does not exist without PARLEY_METRICS_TOKEN', async () => {
    const server = await serve();
    expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: 'Bearer x' } })).status).toBe(404);
  });

  it('[OP2] /metrics needs the bearer token', async () => {
    const server = await serve({ config: { metricsToken: TOKEN } });
    for (const authorization of [undefined, 'Bearer wrong-token-of-some-length', TOKEN, `Basic ${TOKEN}`]) {
      const response = await fetch(`${server.baseUrl}/metrics`, authorization ? { headers: { authorization } } : {});
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.json()).toMatchObject({ code: 'not_authenticated' });
    }
    await scrape(server);
  });

  it('[OP2] every family is there and moves with a call: sockets, conversations, queue, rings, chat, SFU, errors', async () => {
    const runtime = new FakeRuntime(Date.now());
    const server = await serve({ runtime, config: { metricsToken: TOKEN }, sfu: new QuietSfu() });
    const before = await scrape(server);
    for (const family of [
      'parley_websockets',
      'parley_conversations',
      'parley_queue_length',
      'parley_queue_longest_wait_seconds',
      'parley_queue_wait_seconds',
      'parley_conversation_events_total',
      'parley_chat_messages_total',
      'parley_consultants',
      'parley_sfu_rooms',
      'parley_sfu_legs',
      'parley_errors_total',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
    ]) {
      expect(before, family).toContain(`# TYPE ${family} `);
    }
    expect(sample(before, 'parley_websockets{role="visitor"}')).toBe(0);
    expect(sample(before, 'parley_chat_messages_total')).toBe(0);

    const c = await consultant(server);
    clients.push(c);
    c.setAvailable(true);
    await until(c, (s) => s.available);

    // A first request rings and is declined (nobody else is there: it closes as declined).
    const first = visitor(server);
    clients.push(first);
    await until(first, (s) => s.available);
    first.request('Ann');
    await until(c, () => c.ringing.length === 1);
    let text = await scrape(server);
    expect(sample(text, 'parley_websockets{role="visitor"}')).toBe(1);
    expect(sample(text, 'parley_websockets{role="consultant"}')).toBe(1);
    expect(sample(text, 'parley_conversations{state="ringing"}')).toBe(1);
    expect(sample(text, 'parley_queue_length')).toBe(1);
    expect(sample(text, 'parley_consultants{state="available"}')).toBe(1);
    c.decline(c.ringing[0]?.id ?? '');
    await until(first, (s) => s.conversation?.state === 'declined');

    // A second one waits 7 s, is accepted, chats and ends.
    const second = visitor(server);
    clients.push(second);
    await until(second, (s) => s.available);
    second.request('Ben');
    await until(c, () => c.ringing.length === 1);
    runtime.advance(7000);
    c.accept(c.ringing[0]?.id ?? '');
    const active = await until(second, (s) => s.conversation?.state === 'active');
    second.sendChat('hello');
    c.sendChat(active.conversation?.id ?? '', 'hi, how can I help?');
    await until(second, (s) => s.messages.length === 2);
    text = await scrape(server);
    expect(sample(text, 'parley_conversations{state="active"}')).toBe(1);
    expect(sample(text, 'parley_queue_length')).toBe(0);
    expect(sample(text, 'parley_chat_messages_total')).toBe(2);
    second.end();
    await until(second, (s) => s.conversation?.state === 'ended');

    // Coded errors on both transports: garbage on the socket, an unknown API route.
    second.connection.sendRaw('not json');
    await second.connection.next('error');
    expect((await fetch(`${server.baseUrl}/api/v1/no-such-route`)).status).toBe(404);

    // A broadcast on the SFU: one room, one publishing leg.
    const broadcastLink = c.state.links.find((l) => l.mode === 'broadcast');
    if (!broadcastLink) throw new Error('the demo tenant has a broadcast link');
    c.startBroadcast(broadcastLink.id);
    await until(c, (s) => s.broadcasts[broadcastLink.id]?.live === true);
    c.connection.send({
      type: 'media.publish',
      room: { kind: 'broadcast', linkId: broadcastLink.id },
      leg: 'camera',
      sdp: 'v=0 offer',
    });
    await c.connection.next('media.answer');

    text = await scrape(server);
    expect(sample(text, 'parley_conversation_events_total{event="offer"}')).toBe(2);
    expect(sample(text, 'parley_conversation_events_total{event="decline"}')).toBe(1);
    expect(sample(text, 'parley_conversation_events_total{event="accept"}')).toBe(1);
    expect(sample(text, 'parley_conversation_events_total{event="end"}')).toBe(1);
    expect(sample(text, 'parley_queue_wait_seconds_count{outcome="declined"}')).toBe(1);
    expect(sample(text, 'parley_queue_wait_seconds_count{outcome="accepted"}')).toBe(1);
    expect(sample(text, 'parley_queue_wait_seconds_sum{outcome="accepted"}')).toBe(7);
    expect(sample(text, 'parley_conversations{state="active"}')).toBe(0);
    expect(sample(text, 'parley_errors_total{transport="ws",code="invalid_json"}')).toBe(1);
    expect(sample(text, 'parley_errors_total{transport="http",code="not_found"}')).toBe(1);
    expect(sample(text, 'parley_sfu_rooms')).toBe(1);
    expect(sample(text, 'parley_sfu_legs{direction="publish"}')).toBe(1);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // Closed sockets leave the count once the server has seen them go.
    for (const client of clients.splice(0)) client.close();
    for (const role of ['visitor', 'consultant']) {
      await expect.poll(async () => sample(await scrape(server), `parley_websockets{role="${role}"}`)).toBe(0);
    }
  });
});
