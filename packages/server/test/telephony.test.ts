import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DialIn, type PhoneLine } from '../src/domain/telephony/dialIn.ts';
import type { MixerLeg, PhoneMixer } from '../src/telephony/phoneCall.ts';
import { loadPrompts } from '../src/telephony/prompts.ts';
import { localExchange } from '../src/telephony/phoneExchange.ts';
import { SipServer } from '../src/telephony/sipServer.ts';
import { Telephony } from '../src/telephony/telephony.ts';
import { loadConfig } from '../src/config.ts';
import { BaresipPhone, hasBaresip } from './baresipPhone.ts';

/** A mix that plays a loud square wave to the phone and counts the frames the phone sends. */
class LoudMixer implements PhoneMixer {
  framesFromPhone = 0;
  loudFramesFromPhone = 0;
  private timers = new Set<NodeJS.Timeout>();

  join(_line: PhoneLine, _codec: string, send: (payload: Buffer) => void): Promise<MixerLeg> {
    // μ-law 0x80 / 0x00: full-scale positive / negative samples, 8 per half period (500 Hz).
    const frame = Buffer.alloc(160);
    for (let i = 0; i < 160; i++) frame[i] = Math.floor(i / 8) % 2 ? 0x80 : 0x00;
    const timer = setInterval(() => send(frame), 20);
    this.timers.add(timer);
    return Promise.resolve({
      receive: (payload) => {
        this.framesFromPhone += 1;
        // μ-law bytes far from 0xff/0x7f (silence) carry a loud sample.
        if (payload.some((byte) => (byte & 0x7f) < 0x60)) this.loudFramesFromPhone += 1;
      },
      close: () => {
        clearInterval(timer);
        this.timers.delete(timer);
      },
    });
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}

const clock = { now: () => Date.now() };

if (!hasBaresip)
  console.warn('[TP1] baresip or sox is missing (scripts/ensure-phone.sh): the telephone tests are skipped');

describe.skipIf(!hasBaresip)('telephone dial-in with a real SIP phone (baresip)', () => {
  let server: SipServer;
  let dialIn: DialIn;
  let mixer: LoudMixer;
  const events: { type: string; line: PhoneLine }[] = [];
  const phones: BaresipPhone[] = [];

  beforeAll(async () => {
    dialIn = new DialIn(clock);
    mixer = new LoudMixer();
    server = await SipServer.start({
      host: '127.0.0.1',
      port: 0,
      rtpPorts: null,
      exchange: localExchange(dialIn, mixer),
      promptFor: loadPrompts(resolve(import.meta.dirname, '../prompts')),
      maxAttempts: 2,
      onLine: (event) => events.push(event),
    });
  });

  afterEach(async () => {
    await Promise.all(phones.splice(0).map((phone) => phone.stop()));
    events.length = 0;
  });

  afterAll(async () => {
    mixer.stop();
    await server.close();
  });

  async function phone(): Promise<BaresipPhone> {
    const started = await BaresipPhone.start({ toneHz: 440 });
    phones.push(started);
    return started;
  }

  it('[TP1][TP4] a caller who dials in and enters the right PIN by DTMF is joined to the call, over UDP', async () => {
    const pins = dialIn.open('t1', 'conv1');
    const caller = await phone();
    await caller.dial(`sip:+31205550100@127.0.0.1:${server.port}`);
    await caller.command(`/sndcode ${pins.visitor}#`);
    await until(() => events.some((event) => event.type === 'phone.connected'));
    expect(events[0]).toEqual({
      type: 'phone.connected',
      line: { tenantId: 't1', conversationId: 'conv1', side: 'visitor' },
    });
    // Both ways: the mix reaches the phone's recording, and the phone's tone reaches the mix.
    await until(() => mixer.loudFramesFromPhone > 25);
    const heard = caller.mark;
    await until(() => caller.recordingBytes('dec') > 8000 * 2 * 4);
    expect(caller.recordedRms('dec', 3)).toBeGreaterThan(0.2);
    // [TP4] Ending the call hangs up the phone (a BYE from Parley).
    server.hangUpCall('t1', 'conv1');
    await caller.waitFor(/terminated|closed/i, 10_000, heard);
    await until(() => events.some((event) => event.type === 'phone.hung_up'));
    dialIn.close('t1', 'conv1');
  });

  it('[TP1][TP5] a wrong PIN is refused: the caller is never joined and is hung up after the last attempt', async () => {
    dialIn.open('t1', 'conv2');
    const caller = await phone();
    const before = caller.mark;
    await caller.dial(`sip:+48225550100@127.0.0.1:${server.port}`);
    await caller.command('/sndcode 1234#99999999#');
    await caller.waitFor(/terminated|closed/i, 15_000, before);
    expect(events).toEqual([]);
    // [TP3] The caller heard the spoken prompt (speech, not silence) before being hung up.
    expect(caller.recordedRms('dec')).toBeGreaterThan(0.02);
    dialIn.close('t1', 'conv2');
  });

  it('[TP1] the phone may also call over TCP', async () => {
    const pins = dialIn.open('t1', 'conv3');
    const caller = await phone();
    await caller.dial(`sip:+31205550100@127.0.0.1:${server.port};transport=tcp`);
    await caller.command(`/sndcode ${pins.consultant}#`);
    await until(() => events.some((event) => event.type === 'phone.connected' && event.line.side === 'consultant'));
    expect(caller.output).toMatch(/SIP\/2\.0\/TCP|transport=tcp/i);
    const before = caller.mark;
    await caller.command('/hangup');
    await caller.waitFor(/terminated|closed/i, 10_000, before);
    await until(() => events.some((event) => event.type === 'phone.hung_up'));
    dialIn.close('t1', 'conv3');
  });
});

describe.skipIf(!hasBaresip)('telephony in the server: the live state ends phone calls', () => {
  it('[TP4] a call that closes hangs up its phones at once, and its PINs stop working', async () => {
    const config = loadConfig({ PARLEY_SIP_PORT: '0', PARLEY_SIP_NUMBERS: '+31 20 555 0100=nl' }).sip;
    if (!config) throw new Error('PARLEY_SIP_PORT should turn dial-in on');
    expect(config.numbers).toEqual([{ number: '+31 20 555 0100', locale: 'nl' }]);
    const lines: string[] = [];
    const telephony = await Telephony.start({
      config,
      janus: null,
      clock,
      log: { info: () => undefined, warn: () => undefined },
      onLine: (event) => lines.push(`${event.type}:${event.line.side}`),
    });
    const caller = await BaresipPhone.start();
    try {
      const info = telephony.open('t1', 'live1');
      expect(info.visitor.numbers).toEqual(['+31 20 555 0100']);
      await caller.dial(`sip:0031205550100@127.0.0.1:${telephony.port}`);
      await caller.command(`/sndcode ${info.visitor.pin}#`);
      await until(() => lines.includes('phone.connected:visitor'));
      expect(telephony.isConnected({ tenantId: 't1', conversationId: 'live1', side: 'visitor' })).toBe(true);
      const before = caller.mark;
      telephony.onLiveEvent({ type: 'conversation.closed', tenantId: 't1', conversationId: 'live1' });
      await caller.waitFor(/terminated|closed/i, 10_000, before);
      expect(lines).toEqual(['phone.connected:visitor', 'phone.hung_up:visitor']);
      expect(telephony.dialIn.redeem(info.visitor.pin, '127.0.0.1')).toEqual({ ok: false, reason: 'wrong' });
    } finally {
      await caller.stop();
      await telephony.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 50));
  }
}
