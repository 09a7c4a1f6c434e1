import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JanusConfig } from '../src/config.ts';
import { DialIn, type PhoneLine } from '../src/domain/telephony/dialIn.ts';
import { JanusAudioBridge } from '../src/media/janus/JanusAudioBridge.ts';
import { loadPrompts } from '../src/telephony/prompts.ts';
import { localExchange } from '../src/telephony/phoneExchange.ts';
import { SipServer } from '../src/telephony/sipServer.ts';
import { BaresipPhone, hasBaresip } from './baresipPhone.ts';
import { hasJanus, testJanus } from './testJanus.ts';

describe.skipIf(!hasBaresip || !hasJanus)('[TP6] phones mixed in Janus AudioBridge', () => {
  const folder = mkdtempSync(join(tmpdir(), 'parley-phone-mix-'));
  let stopJanus = (): Promise<void> => Promise.resolve();
  let mixer: JanusAudioBridge;
  let config: JanusConfig;
  let server: SipServer;
  const dialIn = new DialIn({ now: () => Date.now() });
  const connected: PhoneLine[] = [];
  const phones: BaresipPhone[] = [];

  beforeAll(async () => {
    const janus = await testJanus(folder);
    stopJanus = janus.stop;
    mixer = new JanusAudioBridge(janus.janus);
    config = janus.janus;
    server = await SipServer.start({
      host: '127.0.0.1',
      port: 0,
      rtpPorts: null,
      exchange: localExchange(dialIn, mixer),
      promptFor: loadPrompts(resolve(import.meta.dirname, '../prompts')),
      onLine: (event) => {
        if (event.type === 'phone.connected') connected.push(event.line);
      },
    });
  });

  afterAll(async () => {
    await Promise.all(phones.map((phone) => phone.stop()));
    await server.close();
    await mixer.close();
    await stopJanus();
    rmSync(folder, { recursive: true, force: true });
  });

  it("[TP6] each side of the call hears the other side's phone through the mix, and not its own voice", async () => {
    const pins = dialIn.open('t1', 'mix1');
    const consultant = await BaresipPhone.start({ toneHz: 440 });
    phones.push(consultant);
    const visitor = await BaresipPhone.start({ toneHz: 440 });
    phones.push(visitor);
    await consultant.dial(`sip:+31205550100@127.0.0.1:${server.port}`);
    await consultant.command(`/sndcode ${pins.consultant}#`);
    await visitor.dial(`sip:+31205550100@127.0.0.1:${server.port};transport=tcp`);
    await visitor.command(`/sndcode ${pins.visitor}#`);
    await until(() => connected.length === 2);
    // The visitor's phone is muted: whatever the consultant's phone hears then is not the visitor.
    await visitor.command('/mute');
    // Three seconds of mixed audio after both joined (the recording is 8 kHz, 16-bit mono).
    const recorded = visitor.recordingBytes('dec');
    await until(() => visitor.recordingBytes('dec') > recorded + 8000 * 2 * 3);
    expect(visitor.recordedRms('dec', -2)).toBeGreaterThan(0.1);
    // The AudioBridge leaves each participant's own voice out of what it hears.
    expect(consultant.recordedRms('dec', -2)).toBeLessThan(0.02);
    // The other way round: the visitor speaks, the consultant is muted.
    await visitor.command('/mute');
    await consultant.command('/mute');
    const heard = consultant.recordingBytes('dec');
    await until(() => consultant.recordingBytes('dec') > heard + 8000 * 2 * 3);
    expect(consultant.recordedRms('dec', -2)).toBeGreaterThan(0.1);
    server.hangUpCall('t1', 'mix1');
    await mixer.closeRoom('t1', 'mix1');
    dialIn.close('t1', 'mix1');
  });

  it('[TP2][TP3][TP6] a phone that offers only Opus is answered in Opus, hears the prompt, enters its PIN and is mixed with a G.711 phone both ways', async () => {
    const pins = dialIn.open('t1', 'mix2');
    const joinedBefore = connected.length;
    const opusPhone = await BaresipPhone.start({ toneHz: 440, codec: 'opus' });
    phones.push(opusPhone);
    const g711Phone = await BaresipPhone.start({ toneHz: 440 });
    phones.push(g711Phone);
    await opusPhone.dial(`sip:+31205550100@127.0.0.1:${server.port}`);
    // The prompt, encoded in Opus at build time, is what the phone hears before its PIN.
    await until(() => opusPhone.recordedSeconds('dec') > 2.5);
    expect(opusPhone.recordedRms('dec')).toBeGreaterThan(0.02);
    expect(opusPhone.output).toMatch(/Set audio decoder: opus/);
    await opusPhone.command(`/sndcode ${pins.visitor}#`);
    await g711Phone.dial(`sip:+31205550100@127.0.0.1:${server.port}`);
    await g711Phone.command(`/sndcode ${pins.consultant}#`);
    await until(() => connected.length === joinedBefore + 2);
    // The Opus phone is muted: it hears the G.711 phone's tone, the G.711 phone hears silence.
    await opusPhone.command('/mute');
    const heard = opusPhone.recordedSeconds('dec');
    await until(() => opusPhone.recordedSeconds('dec') > heard + 3);
    expect(opusPhone.recordedRms('dec', -2)).toBeGreaterThan(0.1);
    expect(g711Phone.recordedRms('dec', -2)).toBeLessThan(0.02);
    // And the other way: the Opus phone's tone reaches the G.711 phone through the mix.
    await opusPhone.command('/mute');
    await g711Phone.command('/mute');
    const sent = g711Phone.recordedSeconds('dec');
    await until(() => g711Phone.recordedSeconds('dec') > sent + 3);
    expect(g711Phone.recordedRms('dec', -2)).toBeGreaterThan(0.1);
    server.hangUpCall('t1', 'mix2');
    await mixer.closeRoom('t1', 'mix2');
    dialIn.close('t1', 'mix2');
  });

  it('[PL43] a call’s room is opened again by another process (a node that took the tenant over): same room, same credentials', async () => {
    const made = await mixer.room('t1', 'mix3');
    const successor = new JanusAudioBridge(config);
    try {
      // The room exists on this Janus already: its credentials are derived, so the successor opens it.
      expect(await successor.room('t1', 'mix3')).toEqual(made);
      await successor.closeRoom('t1', 'mix3');
      // Destroyed by the successor: the first process's view is stale, a new room is made again.
      const other = new JanusAudioBridge(config);
      expect(await other.room('t1', 'mix3')).toEqual(made);
      await other.closeRoom('t1', 'mix3');
      await other.close();
    } finally {
      await successor.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 50));
  }
}
