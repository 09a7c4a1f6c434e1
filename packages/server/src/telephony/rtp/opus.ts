/**
 * [TP2] What a phone call needs of Opus (RFC 6716, RFC 7587) without an Opus codec: how long a
 * packet plays (its RTP timestamp step, always at 48 kHz), a silent frame, and the packets of the
 * shipped Ogg Opus prompts (RFC 7845). Parley never decodes Opus: the AudioBridge does.
 */

/** A 20 ms silent Opus frame (CELT, mono): what the phone hears while nothing else plays. */
export const OPUS_SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

/** Samples at 48 kHz per frame, by the TOC byte's configuration (RFC 6716 §3.1). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config % 4] ?? 960; // SILK: 10, 20, 40, 60 ms
  if (config < 16) return config % 2 === 0 ? 480 : 960; // hybrid: 10, 20 ms
  return [120, 240, 480, 960][config % 4] ?? 960; // CELT: 2.5, 5, 10, 20 ms
}

/** How many 48 kHz samples an Opus packet plays (its RTP timestamp step); 960 when unreadable. */
export function opusSamples(packet: Buffer): number {
  const toc = packet[0];
  if (toc === undefined) return 960;
  const perFrame = frameSamples(toc >> 3);
  const code = toc & 0x03;
  if (code === 0) return perFrame;
  if (code === 1 || code === 2) return perFrame * 2;
  const count = (packet[1] ?? 1) & 0x3f;
  return perFrame * Math.max(1, count);
}

/** The audio packets of an Ogg Opus file, in order (its OpusHead and OpusTags headers left out). */
export function oggOpusPackets(file: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let at = 0;
  while (at + 27 <= file.length && file.toString('latin1', at, at + 4) === 'OggS') {
    const segments = file[at + 26] ?? 0;
    const table = file.subarray(at + 27, at + 27 + segments);
    let body = at + 27 + segments;
    for (const size of table) {
      partial.push(file.subarray(body, body + size));
      body += size;
      // A lacing value below 255 ends a packet; 255 continues it in the next segment.
      if (size < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    at = body;
  }
  return packets.filter((packet) => !/^Opus(Head|Tags)/.test(packet.toString('latin1', 0, 8)));
}
