import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BROADCAST_VIEWERS, type ServerMessage } from '@parley/protocol';
import type { VisitorClient } from '@parley/client';
import { FakeRuntime } from '../src/domain/runtime.ts';
import type { Sfu } from '../src/domain/media/sfu.ts';
import { DEMO_BROADCAST_KEY } from '../src/domain/tenants/demo.ts';
import { consultant, startServer, until, visitor, type TestServer } from './server.ts';

/** An SFU that keeps count of open legs and answers with fixed SDP (no media flows in this test). */
class CountingSfu implements Sfu {
  readonly legs = new Set<string>();
  createRoom = () => Promise.resolve();
  destroyRoom = () => Promise.resolve();
  publish = (legId: string) => Promise.resolve(void this.legs.add(legId)).then(() => 'answer');
  subscribe = (legId: string) => Promise.resolve(void this.legs.add(legId)).then(() => 'offer');
  start = () => Promise.resolve();
  trickle = () => Promise.resolve();
  closeLeg = (legId: string) => Promise.resolve(void this.legs.delete(legId));
  close = () => Promise.resolve();
}

const runtime = new FakeRuntime(Date.now());
const sfu = new CountingSfu();
let server: TestServer;
const open: { close(): void }[] = [];

beforeAll(async () => {
  server = await startServer({ runtime, sfu });
});
afterAll(async () => {
  for (const c of open.splice(0)) c.close();
  await server.close();
});

/** Asks for a receiving leg and resolves with the server's answer to it: an offer or an error code. */
function subscribe(v: VisitorClient, room: { kind: 'broadcast'; linkId: string }, leg: string, feed: string) {
  return new Promise<string>((resolve) => {
    const offOffer = v.connection.on('media.offer', (m: Extract<ServerMessage, { type: 'media.offer' }>) => {
      if (m.leg === leg) done('offer');
    });
    const offError = v.connection.on('error', (m) => done(m.code));
    function done(outcome: string) {
      offOffer();
      offError();
      resolve(outcome);
    }
    v.connection.send({ type: 'media.subscribe', room, leg, feed });
  });
}

async function viewer(): Promise<VisitorClient> {
  const v = visitor(server, new Map(), DEMO_BROADCAST_KEY);
  open.push(v);
  await until(v, (s) => s.broadcast?.feed != null);
  v.joinBroadcast();
  await until(v, (s) => s.watching);
  return v;
}

describe('a broadcast counts viewers, not the legs they name', () => {
  it('[SD7][S2][B3] one viewer opening a hundred receiving legs holds one seat; the next viewer still gets in', async () => {
    const link = await server.services.directory.links.findLinkByKey(DEMO_BROADCAST_KEY);
    const room = { kind: 'broadcast', linkId: link?.id ?? '' } as const;
    const presenter = await consultant(server);
    open.push(presenter);
    presenter.startBroadcast(room.linkId);
    await until(presenter, (s) => s.broadcasts[room.linkId]?.live === true);
    presenter.connection.send({ type: 'media.publish', room, leg: 'camera', sdp: 'v=0' });

    const attacker = await viewer();
    const feed = attacker.state.broadcast?.feed ?? '';
    const outcomes: string[] = [];
    for (let i = 0; i < MAX_BROADCAST_VIEWERS; i++) {
      // [E6] stays out of the way: the fake clock refills the message budget between frames.
      runtime.advance(100);
      outcomes.push(await subscribe(attacker, room, `leg-${i}`, feed));
    }
    expect(new Set(outcomes)).toEqual(new Set(['offer']));
    expect(server.services.media?.subscriberCount(room)).toBe(1);

    const honest = await viewer();
    expect(await subscribe(honest, room, 'leg-0', feed)).toBe('offer');
    expect(server.services.media?.subscriberCount(room)).toBe(2);
    // The publisher's leg and one receiving leg per viewer are all the SFU holds.
    expect(sfu.legs.size).toBe(3);
  });
});
