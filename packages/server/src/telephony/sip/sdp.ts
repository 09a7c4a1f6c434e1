/**
 * [TP2] The SDP offer/answer of a phone call (RFC 3264, RFC 4566): one audio stream, G.711 μ-law or
 * A-law (or Opus when the phone offers no G.711), and RFC 4733 telephone-events for the PIN. Only
 * what a call needs is read from the offer.
 */
export type PhoneCodec = 'pcmu' | 'pcma' | 'opus';

export interface AudioOffer {
  /** Where the caller wants our RTP. */
  address: string;
  port: number;
  /** The payload types the caller offers for each codec we take: G.711 first, in the caller's order. */
  codecs: { codec: PhoneCodec; payloadType: number }[];
  /** telephone-event's payload type, at the clock rate of the first codec when offered so. */
  telephoneEvent: number | undefined;
  telephoneEventRate: number;
}

/** Static payload types (RFC 3551) for offers that list them without rtpmap lines. */
const STATIC: Record<number, PhoneCodec> = { 0: 'pcmu', 8: 'pcma' };
const NAMES: Record<string, PhoneCodec> = { 'PCMU/8000': 'pcmu', 'PCMA/8000': 'pcma', 'OPUS/48000': 'opus' };
/** RTP clock rate per codec (Opus is always 48 kHz in RTP, RFC 7587). */
export const CLOCK_RATE: Record<PhoneCodec, number> = { pcmu: 8000, pcma: 8000, opus: 48000 };

/** Reads the first audio stream of an offer; `null` when there is none we can answer. */
export function parseAudioOffer(sdp: string): AudioOffer | null {
  const lines = sdp.split(/\r?\n/).map((line) => line.trim());
  let sessionAddress: string | undefined;
  let mediaAddress: string | undefined;
  let port: number | undefined;
  let formats: number[] = [];
  const rtpmap = new Map<number, string>();
  let inAudio = false;
  let seenAudio = false;
  for (const line of lines) {
    if (line.startsWith('m=')) {
      if (seenAudio) break;
      const match = /^m=audio (\d+)(?:\/\d+)? RTP\/(?:S?AVPF?) ([\d ]+)$/.exec(line);
      inAudio = Boolean(match);
      if (match?.[1] && match[2]) {
        seenAudio = true;
        port = Number(match[1]);
        formats = match[2].split(' ').filter(Boolean).map(Number);
      }
      continue;
    }
    const connection = /^c=IN IP[46] ([^\s/]+)/.exec(line)?.[1];
    if (connection) {
      if (inAudio) mediaAddress = connection;
      else if (!seenAudio) sessionAddress = connection;
    }
    const map = /^a=rtpmap:(\d+) ([\w-]+)\/(\d+)/.exec(line);
    if (inAudio && map?.[1] && map[2] && map[3]) rtpmap.set(Number(map[1]), `${map[2].toUpperCase()}/${map[3]}`);
  }
  const address = mediaAddress ?? sessionAddress;
  if (!address || port === undefined || port === 0 || port > 65535) return null;
  const offered: AudioOffer['codecs'] = [];
  const events = new Map<number, number>();
  for (const payloadType of formats) {
    const name = rtpmap.get(payloadType);
    const event = /^TELEPHONE-EVENT\/(8000|48000)$/.exec(name ?? '')?.[1];
    if (event && !events.has(Number(event))) events.set(Number(event), payloadType);
    const codec = name ? NAMES[name] : STATIC[payloadType];
    if (codec) offered.push({ codec, payloadType });
  }
  // G.711 whenever offered (the prompt and the relay need no Opus then); Opus only without it.
  const codecs = [...offered.filter((c) => c.codec !== 'opus'), ...offered.filter((c) => c.codec === 'opus')];
  const first = codecs[0];
  if (!first) return null;
  const telephoneEventRate = events.has(CLOCK_RATE[first.codec]) ? CLOCK_RATE[first.codec] : 8000;
  return { address, port, codecs, telephoneEvent: events.get(telephoneEventRate), telephoneEventRate };
}

/** Our answer: the chosen codec (the caller's first G.711, else Opus), telephone-event when offered, RTP at `port`. */
export function audioAnswer(options: {
  address: string;
  port: number;
  sessionId: number;
  codec: { codec: PhoneCodec; payloadType: number };
  telephoneEvent: number | undefined;
  telephoneEventRate?: number;
}): string {
  const { address, port, codec, telephoneEvent } = options;
  const rtpmap = { pcmu: 'PCMU/8000', pcma: 'PCMA/8000', opus: 'opus/48000/2' }[codec.codec];
  const family = address.includes(':') ? 'IP6' : 'IP4';
  const formats = [codec.payloadType, ...(telephoneEvent === undefined ? [] : [telephoneEvent])];
  const lines = [
    'v=0',
    `o=parley ${options.sessionId} ${options.sessionId} IN ${family} ${address}`,
    's=Parley',
    `c=IN ${family} ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${formats.join(' ')}`,
    `a=rtpmap:${codec.payloadType} ${rtpmap}`,
    // Parley sends mono Opus (the AudioBridge's mix and the mono prompt).
    ...(codec.codec === 'opus' ? [`a=fmtp:${codec.payloadType} stereo=0; sprop-stereo=0`] : []),
    ...(telephoneEvent === undefined
      ? []
      : [
          `a=rtpmap:${telephoneEvent} telephone-event/${options.telephoneEventRate ?? 8000}`,
          `a=fmtp:${telephoneEvent} 0-15`,
        ]),
    'a=ptime:20',
    'a=sendrecv',
  ];
  return lines.join('\r\n') + '\r\n';
}
