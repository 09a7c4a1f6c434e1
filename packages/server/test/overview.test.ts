import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '@parley/protocol';
import { ConsultantClient, Overview, type OverviewState } from '@parley/client';
import { DEMO_SECOND_EMAIL } from '../src/domain/tenants/demo.ts';
import { CSRF } from './tenants.ts';
import { DEMO, loginCookie, nodeSockets, startServer, until, visitor, type TestServer } from './server.ts';

let server: TestServer | undefined;
const cleanups: (() => void)[] = [];

afterEach(async () => {
  for (const off of cleanups.splice(0)) off();
  await server?.close();
  server = undefined;
});

async function signedIn(s: TestServer, email: string): Promise<{ client: ConsultantClient; cookie: string }> {
  const cookie = await loginCookie(s.baseUrl, email, DEMO.password);
  const client = new ConsultantClient({ baseUrl: s.baseUrl, socketFactory: nodeSockets(cookie) });
  cleanups.push(() => client.close());
  client.connect();
  await until(client, (state) => state.status === 'open');
  return { client, cookie };
}

/** Resolves when the overview's state satisfies the predicate (pushed by the server, no polling). */
function untilOverview(overview: Overview, predicate: (state: OverviewState) => boolean): Promise<OverviewState> {
  if (predicate(overview.state)) return Promise.resolve(overview.state);
  return new Promise((resolve) => {
    const off = overview.on('change', (state) => {
      if (!predicate(state)) return;
      off();
      resolve(state);
    });
  });
}

describe('Communication Overview over the real server', () => {
  it('[OV1] a plain consultant gets forbidden; made a supervisor by an admin, they watch, read live and take over', async () => {
    const s = (server = await startServer());
    const dana = await signedIn(s, DEMO.email);
    const sam = await signedIn(s, DEMO_SECOND_EMAIL);
    const overview = new Overview(sam.client.connection);

    // [OV1] Sam is a plain consultant: the server refuses the watch with a coded error.
    overview.watch(true);
    expect((await untilOverview(overview, (o) => o.refused !== null)).refused).toBe('forbidden');
    expect(overview.state.overview).toBeNull();

    // An admin makes Sam a supervisor in Admin → Consultants; [T4] an admin cannot make themselves one.
    const patch = (id: string, role: string) =>
      s.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/consultants/${id}`,
        headers: { ...CSRF, cookie: dana.cookie },
        payload: { role },
      });
    const samId = sam.client.state.consultantId ?? '';
    const promoted = await patch(samId, 'supervisor');
    expect(promoted.json()).toMatchObject({ role: 'supervisor' });
    expect((await patch(dana.client.state.consultantId ?? '', 'supervisor')).json()).toMatchObject({
      code: 'self_lockout',
    });
    overview.watch(false);
    overview.watch(true);
    await untilOverview(overview, (o) => o.overview !== null);

    // A visitor talks to Dana in text.
    dana.client.setAvailable(true);
    await until(dana.client, (state) => state.available);
    const v = visitor(s);
    cleanups.push(() => v.close());
    await until(v, (state) => state.status === 'open' && state.available);
    v.request('Vera', { mediaCheck: 'skipped', mode: 'text', webrtc: true });
    const ringing = await until(dana.client, (state) =>
      Object.values(state.conversations).some((c) => c.state === 'ringing'),
    );
    const id = Object.keys(ringing.conversations)[0] ?? '';
    dana.client.accept(id);

    // [OV2] Sam sees it: active, Dana's, on the demo help link, in text.
    const seen = await untilOverview(
      overview,
      (o) => o.overview?.conversations.some((c) => c.state === 'active') ?? false,
    );
    expect(seen.overview?.conversations).toEqual([
      expect.objectContaining({
        id,
        state: 'active',
        consultantName: 'Dana Demo',
        linkName: 'Demo help desk',
        mode: 'text',
        visitorName: 'Vera',
      }),
    ]);
    expect(seen.overview?.consultants.find((c) => c.name === 'Dana Demo')).toMatchObject({ available: true, load: 1 });

    // [OV4] Sam reads it: the transcript so far, then a message written after opening, live.
    await until(v, (state) => state.conversation?.state === 'active');
    v.sendChat('first');
    await until(dana.client, (state) => (state.messages[id] ?? []).length === 1);
    overview.read(id);
    await untilOverview(overview, (o) => o.reading?.messages.length === 1);
    v.sendChat('second, while read');
    const read = await untilOverview(overview, (o) => o.reading?.messages.length === 2);
    expect(read.reading?.messages.map((m) => m.text)).toEqual(['first', 'second, while read']);

    // [OV5] Sam takes over: Dana is told, the visitor sees Sam, and they talk.
    const takenOver = new Promise<ServerMessageOf<'conversation.taken_over'>>((resolve) =>
      dana.client.connection.on('conversation.taken_over', resolve),
    );
    overview.takeOver(id);
    expect(await takenOver).toEqual({
      type: 'conversation.taken_over',
      conversationId: id,
      visitorName: 'Vera',
      byName: 'Sam Sales',
    });
    await until(
      v,
      (state) => state.conversation?.state === 'active' && state.conversation.consultantName === 'Sam Sales',
    );
    await until(dana.client, (state) => state.conversations[id] === undefined);
    sam.client.sendChat(id, 'Sam here');
    await until(v, (state) => state.messages.some((m) => m.text === 'Sam here'));
    v.sendChat('hi Sam');
    await until(sam.client, (state) => (state.messages[id] ?? []).some((m) => m.text === 'hi Sam'));
    const after = await untilOverview(overview, (o) => o.overview?.conversations[0]?.consultantName === 'Sam Sales');
    expect(after.overview?.consultants.find((c) => c.name === 'Dana Demo')?.load).toBe(0);
  }, 60_000);
});
