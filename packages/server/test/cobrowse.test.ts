import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CobrowseSignal, ServerMessageOf } from '@parley/protocol';
import { recordingSignals, sendCobrowse, type ConsultantClient, type VisitorClient } from '@parley/client';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { consultant, startServer, until, visitor, type TestServer } from './server.ts';

let server: TestServer;
const open: { close(): void }[] = [];

beforeEach(async () => {
  server = await startServer({ runtime: new FakeRuntime(Date.now()) });
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

type Cobrowse = ServerMessageOf<'cobrowse'>;
type Refusal = ServerMessageOf<'error'>;

function nextOf<T>(client: VisitorClient | ConsultantClient, type: 'cobrowse' | 'error'): Promise<T> {
  return new Promise((resolve) => {
    const off = (client.connection.on as (t: string, l: (m: T) => void) => () => void)(type, (m) => {
      off();
      resolve(m);
    });
  });
}

async function activeConversation(): Promise<{ v: VisitorClient; c: ConsultantClient; id: string }> {
  const v = visitor(server);
  open.push(v);
  await until(v, (s) => s.status === 'open');
  const c = await consultant(server);
  open.push(c);
  c.setAvailable(true);
  await until(c, (s) => s.available);
  v.request('Ann');
  await until(c, () => c.ringing.length === 1);
  const id = c.ringing[0]?.id ?? '';
  c.accept(id);
  await until(v, (s) => s.conversation?.state === 'active');
  return { v, c, id };
}

describe('co-browsing relay', () => {
  it('[CB1][CB2] relays the ask to the visitor and the recording to the consultant, unchanged and in order', async () => {
    const { v, c, id } = await activeConversation();
    const asked = nextOf<Cobrowse>(v, 'cobrowse');
    sendCobrowse(c.connection, id, { kind: 'ask' });
    // [CB8] The server tells the visitor whether the tenant allows control (off by default).
    expect(await asked).toEqual({ type: 'cobrowse', conversationId: id, signal: { kind: 'ask', control: false } });

    const sent: CobrowseSignal[] = [
      { kind: 'answer', accepted: true },
      ...recordingSignals([{ type: 2, data: { html: '<p>"x"</p>'.repeat(5000) } }], 0),
    ];
    expect(sent.length).toBeGreaterThan(2);
    const received: CobrowseSignal[] = [];
    const all = new Promise<void>((resolve) =>
      c.connection.on('cobrowse', (m) => {
        received.push(m.signal);
        if (received.length === sent.length) resolve();
      }),
    );
    for (const signal of sent) sendCobrowse(v.connection, id, signal);
    await all;
    expect(received).toEqual(sent);
    // Never stored: nothing of it is in the conversation's history.
    expect(c.state.messages[id] ?? []).toEqual([]);
  });

  it('[CB2] refuses a signal from the wrong side, and any signal outside an active conversation', async () => {
    const { v, c, id } = await activeConversation();
    const visitorRefused = nextOf<Refusal>(v, 'error');
    sendCobrowse(v.connection, id, { kind: 'highlight', node: 3 });
    expect(await visitorRefused).toMatchObject({ code: 'forbidden', ref: 'cobrowse' });
    const consultantRefused = nextOf<Refusal>(c, 'error');
    sendCobrowse(c.connection, id, { kind: 'events', seq: 0, data: '[]', last: true });
    expect(await consultantRefused).toMatchObject({ code: 'forbidden', ref: 'cobrowse' });

    c.end(id);
    await until(v, (s) => s.conversation?.state === 'ended');
    const afterEnd = nextOf<Refusal>(v, 'error');
    sendCobrowse(v.connection, id, { kind: 'answer', accepted: true });
    // The ended conversation is no longer the visitor's live one.
    expect(await afterEnd).toMatchObject({ code: 'conversation_not_found', ref: 'cobrowse' });
  });

  it('[CB8] clicks and typing for the visitor pass only with the tenant setting on and the grant of the visitor', async () => {
    const { v, c, id } = await activeConversation();
    const me = await server.services.directory.consultants.getConsultant(c.state.consultantId ?? '');
    const tenantId = me?.tenantId ?? '';
    const refused = async (client: VisitorClient | ConsultantClient, signal: CobrowseSignal) => {
      const error = nextOf<Refusal>(client, 'error');
      sendCobrowse(client.connection, id, signal);
      return error;
    };
    const relayed = async (
      from: VisitorClient | ConsultantClient,
      to: VisitorClient | ConsultantClient,
      signal: CobrowseSignal,
    ) => {
      const got = nextOf<Cobrowse>(to, 'cobrowse');
      sendCobrowse(from.connection, id, signal);
      expect((await got).signal).toEqual(signal);
    };
    // Setting off: the visitor cannot grant, the consultant cannot act.
    expect(await refused(v, { kind: 'control', granted: true })).toMatchObject({ code: 'forbidden', ref: 'cobrowse' });
    expect(await refused(c, { kind: 'click', node: 5 })).toMatchObject({ code: 'forbidden' });
    // Setting on, not granted yet: still refused; the visitor is told control may be offered.
    await server.services.directory.tenants.setCobrowseControl(tenantId, true);
    const asked = nextOf<Cobrowse>(v, 'cobrowse');
    sendCobrowse(c.connection, id, { kind: 'ask' });
    expect((await asked).signal).toEqual({ kind: 'ask', control: true });
    expect(await refused(c, { kind: 'type', node: 5, value: 'x' })).toMatchObject({ code: 'forbidden' });
    // Granted: clicks and typing reach the visitor; a consultant cannot grant it for them.
    expect(await refused(c, { kind: 'control', granted: true })).toMatchObject({ code: 'forbidden' });
    await relayed(v, c, { kind: 'control', granted: true });
    await relayed(c, v, { kind: 'click', node: 5 });
    await relayed(c, v, { kind: 'type', node: 6, value: 'Jane' });
    // Taken back: refused again; granted again, then sharing restarts (a new page): refused.
    await relayed(v, c, { kind: 'control', granted: false });
    expect(await refused(c, { kind: 'click', node: 5 })).toMatchObject({ code: 'forbidden' });
    await relayed(v, c, { kind: 'control', granted: true });
    await relayed(v, c, { kind: 'answer', accepted: true });
    expect(await refused(c, { kind: 'click', node: 5 })).toMatchObject({ code: 'forbidden' });
    // Granted, then the tenant turns it off: refused at once.
    await relayed(v, c, { kind: 'control', granted: true });
    await server.services.directory.tenants.setCobrowseControl(tenantId, false);
    expect(await refused(c, { kind: 'click', node: 5 })).toMatchObject({ code: 'forbidden' });
  });

  it('[CB4][CB1] the replay page has its own strict CSP; the co-browsing chunk may be imported across origins', async () => {
    const replay = await server.app.inject({ url: '/console/replay.html' });
    const csp = String(replay.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data: blob:');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp.split(';').find((d) => d.trim().startsWith('script-src'))).not.toContain('unsafe');
    // The console itself keeps its CSP: no inline styles there.
    const consolePage = await server.app.inject({ url: '/console/' });
    expect(String(consolePage.headers['content-security-policy'])).toContain("style-src 'self';");
    const chunk = await server.app.inject({ url: '/widget/cobrowse.js' });
    expect(chunk.headers['access-control-allow-origin']).toBe('*');
    const loader = await server.app.inject({ url: '/widget/loader.js' });
    expect(loader.headers['access-control-allow-origin']).toBeUndefined();
  });
});
