import { resolve } from 'node:path';
import { repoRoot, type JanusConfig, type SipConfig } from '../config.ts';
import type { LiveEvent } from '../domain/ports/liveEvents.ts';
import type { Clock } from '../domain/runtime.ts';
import { DialIn, type CallSide, type PhoneLine } from '../domain/telephony/dialIn.ts';
import { JanusAudioBridge } from '../media/janus/JanusAudioBridge.ts';
import { loadPrompts } from './prompts.ts';
import { SipServer, type SipServerOptions } from './sipServer.ts';

/** What a side of a call in phone mode is shown: where to dial, and its own PIN. */
export interface DialInInfo {
  numbers: string[];
  pin: string;
}

/**
 * [TP1]-[TP6] Telephone dial-in as one unit at the edge: the PINs (domain), the SIP server and
 * the AudioBridge mix. It follows the live state's events: a call that closes loses its PINs,
 * its phones (BYE) and its mix room.
 */
export class Telephony {
  private constructor(
    readonly dialIn: DialIn,
    private readonly sip: SipServer,
    private readonly mixer: JanusAudioBridge | null,
    private readonly config: SipConfig,
    private readonly connected: Set<string>,
  ) {}

  static async start(options: {
    config: SipConfig;
    janus: JanusConfig | null;
    clock: Clock;
    log: NonNullable<SipServerOptions['log']>;
    onLine?: SipServerOptions['onLine'];
  }): Promise<Telephony> {
    const { config } = options;
    const dialIn = new DialIn(options.clock);
    const mixer = options.janus ? new JanusAudioBridge(options.janus) : null;
    if (!mixer) options.log.warn({}, 'telephone dial-in without Janus: phones are answered but hear no one');
    const prompt = loadPrompts(resolve(repoRoot, 'packages/server/prompts'));
    const localeOf = new Map(config.numbers.map((entry) => [digitsOf(entry.number), entry.locale]));
    const connected = new Set<string>();
    const sip = await SipServer.start({
      host: config.host,
      port: config.port,
      ...(config.publicAddress ? { publicAddress: config.publicAddress } : {}),
      rtpPorts: config.rtpPorts,
      dialIn,
      mixer,
      promptFor: (dialled) => prompt(localeOf.get(digitsOf(dialled)) ?? 'en'),
      log: options.log,
      onLine: (event) => {
        const key = lineKey(event.line);
        if (event.type === 'phone.connected') connected.add(key);
        else connected.delete(key);
        options.onLine?.(event);
      },
    });
    return new Telephony(dialIn, sip, mixer, config, connected);
  }

  get port(): number {
    return this.sip.port;
  }

  /** [TP4] The consultant chose "audio via telephone": each side's dial-in details. */
  open(tenantId: string, conversationId: string): Record<CallSide, DialInInfo> {
    const pins = this.dialIn.open(tenantId, conversationId);
    const numbers = this.config.numbers.map((entry) => entry.number);
    return { consultant: { numbers, pin: pins.consultant }, visitor: { numbers, pin: pins.visitor } };
  }

  /** Whether a side's phone is connected now (its browser audio is off, [TP7]). */
  isConnected(line: PhoneLine): boolean {
    return this.connected.has(lineKey(line));
  }

  /** [TP4] A call that ends hangs up its phones; its PINs and its mix go with it. */
  onLiveEvent(event: LiveEvent): void {
    if (event.type !== 'conversation.closed') return;
    this.end(event.tenantId, event.conversationId);
  }

  end(tenantId: string, conversationId: string): void {
    this.dialIn.close(tenantId, conversationId);
    this.sip.hangUpCall(tenantId, conversationId);
    void this.mixer?.closeRoom(tenantId, conversationId);
  }

  async close(): Promise<void> {
    await this.sip.close();
    await this.mixer?.close();
  }
}

function lineKey(line: PhoneLine): string {
  return `${line.tenantId}\u0000${line.conversationId}\u0000${line.side}`;
}

/** `+31 20 555 0100` and `0031205550100` as a trunk may send them: compared by their digits. */
function digitsOf(number: string): string {
  return number.replace(/\D/g, '').replace(/^00/, '');
}
