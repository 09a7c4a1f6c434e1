/** [TP3] RTP packets (RFC 3550 §5.1) and RFC 4733 telephone-events: the parts a phone call needs. */
export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

export function parseRtp(packet: Buffer): RtpPacket | null {
  if (packet.length < 12) return null;
  const first = packet[0] ?? 0;
  if (first >> 6 !== 2) return null;
  const csrcCount = first & 0x0f;
  let offset = 12 + csrcCount * 4;
  if (first & 0x10) {
    // A header extension: skip it (its length is in 32-bit words).
    if (packet.length < offset + 4) return null;
    offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  }
  let end = packet.length;
  if (first & 0x20) end -= packet[packet.length - 1] ?? 0;
  if (offset > end) return null;
  const second = packet[1] ?? 0;
  return {
    payloadType: second & 0x7f,
    marker: (second & 0x80) !== 0,
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    ssrc: packet.readUInt32BE(8),
    payload: packet.subarray(offset, end),
  };
}

export function buildRtp(packet: RtpPacket): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  header.writeUInt16BE(packet.sequence & 0xffff, 2);
  header.writeUInt32BE(packet.timestamp >>> 0, 4);
  header.writeUInt32BE(packet.ssrc >>> 0, 8);
  return Buffer.concat([header, packet.payload]);
}

const DTMF_DIGITS = '0123456789*#ABCD';

/**
 * Turns RFC 4733 telephone-event packets into digits. A digit's event is sent several times (and
 * its end packet three times); one event is identified by its RTP timestamp, so each digit counts
 * once however many copies arrive.
 */
export class DtmfReceiver {
  private lastTimestamp: number | undefined;

  /** The digit this packet completes, if it is the first packet of a new event. */
  receive(packet: RtpPacket): string | undefined {
    if (packet.payload.length < 4) return undefined;
    const event = packet.payload[0] ?? 255;
    const digit = DTMF_DIGITS[event];
    if (digit === undefined || packet.timestamp === this.lastTimestamp) return undefined;
    this.lastTimestamp = packet.timestamp;
    return digit;
  }
}
