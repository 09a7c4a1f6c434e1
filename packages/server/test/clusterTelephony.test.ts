import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankNodes } from '../src/domain/placement/spread.ts';
import { BaresipPhone, hasBaresip } from './baresipPhone.ts';
import { hasJanus, testJanus } from './testJanus.ts';
import { freePort, type ChildServer } from './childServer.ts';
import { Cluster, clusterEngines } from './clusterProcesses.ts';

/**
 * Issue 18, [PL42]: telephone dial-in on a cluster. The tenant's calls, PINs and audio mix live on
 * its owner node; the consultant and the visitor are on the other node, and each phone dials in
 * at a different node. Real phones (baresip), one real Janus both nodes reach, Redis, PostgreSQL.
 */
const { redisUrl, postgresUrl } = clusterEngines;

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe.skipIf(!redisUrl || !postgresUrl || !hasBaresip || !hasJanus)(
  '[PL42] telephone dial-in across nodes (issue 18)',
  () => {
    const h = new Cluster(postgresUrl ?? '', redisUrl ?? '', { PARLEY_LEASE_TTL_MS: '2000' });
    const folder = mkdtempSync(join(tmpdir(), 'parley-cluster-phone-'));
    const phones: BaresipPhone[] = [];
    const nodes = new Map<string, { server: ChildServer; sipPort: number }>();
    let stopJanus = (): Promise<void> => Promise.resolve();
    let owner = '';
    let other = '';
    const node = (name: string) => {
      const found = nodes.get(name);
      if (!found) throw new Error(`no node ${name}`);
      return found;
    };

    beforeAll(async () => {
      const janus = await testJanus(folder);
      stopJanus = janus.stop;
      await h.create();
      for (const name of ['a', 'b']) {
        const sipPort = await freePort();
        const server = await h.node(name, {
          PARLEY_JANUS_URL: janus.janus.url,
          PARLEY_JANUS_API_SECRET: janus.janus.apiSecret,
          PARLEY_JANUS_ADMIN_KEY: janus.janus.adminKey,
          PARLEY_SIP_PORT: String(sipPort),
          PARLEY_SIP_HOST: '127.0.0.1',
          PARLEY_SIP_NUMBERS: '+31 20 555 0100=nl',
        });
        nodes.set(name, { server, sipPort });
      }
      const tenantId = await h.tenantId();
      const ranked = rankNodes(tenantId, [h.ownerName('a'), h.ownerName('b')]);
      [owner, other] = ranked[0] === h.ownerName('a') ? ['a', 'b'] : ['b', 'a'];
      await h.holderOf(tenantId, (holder) => holder === h.ownerName(owner), 30_000);
    }, 180_000);

    afterAll(async () => {
      if (process.env.PARLEY_TEST_DUMP)
        for (const [name, n] of nodes) process.stdout.write(`--- ${name}\n${n.server.history}\n`);
      await Promise.all(phones.map((phone) => phone.stop()));
      await h.close();
      await stopJanus();
      rmSync(folder, { recursive: true, force: true });
    }, 60_000);

    const phone = async (): Promise<BaresipPhone> => {
      const started = await BaresipPhone.start({ toneHz: 440 });
      phones.push(started);
      return started;
    };
    const step = (what: string) => process.stdout.write(`[PL42] ${what}\n`);

    it('[PL42][TP4][TP6][TP7] switched on another node; phones dial in at either node, hear each other through the owner’s mix, and hang up when the call ends', async () => {
      // Both sides' sockets are on the node that does not own the tenant: every command is forwarded.
      const { v, c, conversationId } = await h.conversation(
        () => node(other).server,
        () => node(other).server,
      );
      step('conversation');
      c.audioViaTelephone(conversationId);
      await waitFor(() => c.dialIn(conversationId)?.pin !== undefined, 'the consultant’s PIN');
      await waitFor(() => v.dialIn(conversationId)?.pin !== undefined, 'the visitor’s PIN');
      const consultantPin = c.dialIn(conversationId)?.pin ?? '';
      const visitorPin = v.dialIn(conversationId)?.pin ?? '';
      expect(c.dialIn(conversationId)?.numbers).toEqual(['+31 20 555 0100']);
      expect(consultantPin).toMatch(/^\d{8}$/);
      expect(visitorPin).not.toBe(consultantPin);

      step('pins told');
      const consultantPhone = await phone();
      const visitorPhone = await phone();
      // The consultant's phone dials in at the node that does not own the tenant (relayed to the
      // owner's mix), the visitor's at the owner.
      await consultantPhone.dial(`sip:+31205550100@127.0.0.1:${node(other).sipPort}`);
      await consultantPhone.command(`/sndcode ${consultantPin}#`);
      await visitorPhone.dial(`sip:+31205550100@127.0.0.1:${node(owner).sipPort};transport=tcp`);
      await visitorPhone.command(`/sndcode ${visitorPin}#`);
      step('phones dialled');
      // [TP7] Both sides are told both phones are on, through their node.
      await waitFor(
        () => c.dialIn(conversationId)?.phones.visitor === true && c.dialIn(conversationId)?.mine === true,
        'the consultant told both phones are on',
      );
      await waitFor(
        () => v.dialIn(conversationId)?.phones.consultant === true && v.dialIn(conversationId)?.mine === true,
        'the visitor told both phones are on',
      );

      step('phones on');
      // [TP6] The visitor's phone is muted: what the consultant's phone hears then is not the visitor.
      await visitorPhone.command('/mute');
      const recorded = visitorPhone.recordingBytes('dec');
      await waitFor(() => visitorPhone.recordingBytes('dec') > recorded + 8000 * 2 * 3, 'three seconds of audio');
      expect(visitorPhone.recordedRms('dec', -2)).toBeGreaterThan(0.1);
      expect(consultantPhone.recordedRms('dec', -2)).toBeLessThan(0.02);
      // The other way round: the relayed phone hears the owner's phone.
      await visitorPhone.command('/mute');
      await consultantPhone.command('/mute');
      const heard = consultantPhone.recordingBytes('dec');
      await waitFor(() => consultantPhone.recordingBytes('dec') > heard + 8000 * 2 * 3, 'three seconds of audio');
      expect(consultantPhone.recordedRms('dec', -2)).toBeGreaterThan(0.1);

      step('mixed');
      // [TP4] The call ends: both phones are hung up, on both nodes.
      const [consultantMark, visitorMark] = [consultantPhone.mark, visitorPhone.mark];
      c.end(conversationId);
      await consultantPhone.waitFor(/terminated|closed/i, 15_000, consultantMark);
      await visitorPhone.waitFor(/terminated|closed/i, 15_000, visitorMark);
    }, 120_000);

    it('[PL43][PL42] the owner dies mid-call in phone mode: the new owner keeps the call and its PINs, hangs up the phone it relayed into the lost mix, and both phones dial in again with the same PINs and hear each other', async () => {
      const { v, c, conversationId } = await h.conversation(
        () => node(other).server,
        () => node(other).server,
        'Bea',
      );
      c.audioViaTelephone(conversationId);
      await waitFor(() => c.dialIn(conversationId)?.pin !== undefined, 'the consultant’s PIN');
      await waitFor(() => v.dialIn(conversationId)?.pin !== undefined, 'the visitor’s PIN');
      const consultantPin = c.dialIn(conversationId)?.pin ?? '';
      const visitorPin = v.dialIn(conversationId)?.pin ?? '';
      const relayed = await phone();
      await relayed.dial(`sip:+31205550100@127.0.0.1:${node(other).sipPort}`);
      await relayed.command(`/sndcode ${consultantPin}#`);
      await waitFor(
        () => v.dialIn(conversationId)?.phones.consultant === true,
        'the visitor told the consultant’s phone is on',
      );
      step('owner killed');
      const mark = relayed.mark;
      await node(owner).server.stop('SIGKILL');
      await h.holderOf(await h.tenantId(), (holder) => holder === h.ownerName(other), 30_000);
      // Its audio went to the dead owner's mix: the new owner hangs it up.
      await relayed.waitFor(/terminated|closed/i, 30_000, mark);
      // Both sides are told again: same PINs, no phone on.
      await waitFor(
        () => c.dialIn(conversationId)?.phones.consultant === false,
        'the consultant told the phone is off',
      );
      expect(c.dialIn(conversationId)?.pin).toBe(consultantPin);
      expect(v.dialIn(conversationId)?.pin).toBe(visitorPin);

      step('dial in again');
      const consultantPhone = await phone();
      const visitorPhone = await phone();
      await consultantPhone.dial(`sip:+31205550100@127.0.0.1:${node(other).sipPort}`);
      await consultantPhone.command(`/sndcode ${consultantPin}#`);
      await visitorPhone.dial(`sip:+31205550100@127.0.0.1:${node(other).sipPort}`);
      await visitorPhone.command(`/sndcode ${visitorPin}#`);
      await waitFor(
        () => c.dialIn(conversationId)?.phones.visitor === true && c.dialIn(conversationId)?.mine === true,
        'the consultant told both phones are on',
      );
      // The new owner's mix (the room the dead owner left on the shared Janus, opened again).
      await visitorPhone.command('/mute');
      const recorded = visitorPhone.recordingBytes('dec');
      await waitFor(() => visitorPhone.recordingBytes('dec') > recorded + 8000 * 2 * 3, 'three seconds of audio');
      expect(visitorPhone.recordedRms('dec', -2)).toBeGreaterThan(0.1);
      const [consultantMark, visitorMark] = [consultantPhone.mark, visitorPhone.mark];
      c.end(conversationId);
      await consultantPhone.waitFor(/terminated|closed/i, 15_000, consultantMark);
      await visitorPhone.waitFor(/terminated|closed/i, 15_000, visitorMark);
    }, 150_000);
  },
);
