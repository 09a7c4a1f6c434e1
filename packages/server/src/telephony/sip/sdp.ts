/**
 * [TP2] The SDP offer/answer of a phone call (RFC 3264, RFC 4566): one audio stream, G.711 μ-law or
 * A-law, and RFC 4733 telephone-events for the PIN. Only what a call needs is read from the offer.
 */
export type PhoneCodec = 'pcmu' | 'pcma';

export interface AudioOffer {
  /** Where the caller wants our RTP. */
  address: string;
  port: number;
  /** The payload types the caller offers for each codec we take, and for telephone-event/8000. */
  codecs: { codec: PhoneCodec; payloadType: number }[];
  telephoneEvent: number | undefined;
}

/** Static payload types (RFC 3551) for offers that list them without rtpmap lines. */
const STATIC: Record<number, PhoneCodec> = { 0: 'pcmu', 8: 'pcma' };
const NAMES: Record<string, PhoneCodec> = { PCMU: 'pcmu', PCMA: 'pcma' };

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
  const codecs: AudioOffer['codecs'] = [];
  let telephoneEvent: number | undefined;
  for (const payloadType of formats) {
    const name = rtpmap.get(payloadType);
    if (name === 'TELEPHONE-EVENT/8000') telephoneEvent = payloadType;
    const codec = name ? (name.endsWith('/8000') ? NAMES[name.split('/')[0] ?? ''] : undefined) : STATIC[payloadType];
    if (codec) codecs.push({ codec, payloadType });
  }
  return codecs.length > 0 ? { address, port, codecs, telephoneEvent } : null;
}

/** Our answer: the caller's first G.711 codec, telephone-event when offered, RTP at `port`. */
export function audioAnswer(options: {
  address: string;
  port: number;
  sessionId: number;
  codec: { codec: PhoneCodec; payloadType: number };
  telephoneEvent: number | undefined;
}): string {
  const { address, port, codec, telephoneEvent } = options;
  const family = address.includes(':') ? 'IP6' : 'IP4';
  const formats = [codec.payloadType, ...(telephoneEvent === undefined ? [] : [telephoneEvent])];
  const lines = [
    'v=0',
    `o=parley ${options.sessionId} ${options.sessionId} IN ${family} ${address}`,
    's=Parley',
    `c=IN ${family} ${address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${formats.join(' ')}`,
    `a=rtpmap:${codec.payloadType} ${codec.codec === 'pcmu' ? 'PCMU' : 'PCMA'}/8000`,
    ...(telephoneEvent === undefined
      ? []
      : [`a=rtpmap:${telephoneEvent} telephone-event/8000`, `a=fmtp:${telephoneEvent} 0-15`]),
    'a=ptime:20',
    'a=sendrecv',
  ];
  return lines.join('\r\n') + '\r\n';
}
