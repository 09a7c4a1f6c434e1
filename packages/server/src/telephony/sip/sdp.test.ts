import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oggOpusPackets, opusSamples, OPUS_SILENCE } from '../rtp/opus.ts';
import { audioAnswer, parseAudioOffer } from './sdp.ts';

function offer(formats: string, rtpmaps: string[]): string {
  return ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio 4000 RTP/AVP ${formats}`]
    .concat(rtpmaps.map((line) => `a=rtpmap:${line}`))
    .join('\r\n');
}

describe('[TP2] the codec a phone call is answered with', () => {
  it('[TP2] G.711 whenever the phone offers it, even after Opus', () => {
    const parsed = parseAudioOffer(
      offer('96 8 0 101', ['96 opus/48000/2', '8 PCMA/8000', '0 PCMU/8000', '101 telephone-event/8000']),
    );
    expect(parsed?.codecs.map((c) => c.codec)).toEqual(['pcma', 'pcmu', 'opus']);
    expect(parsed?.telephoneEvent).toBe(101);
    expect(parsed?.telephoneEventRate).toBe(8000);
  });

  it('[TP2] Opus when the phone offers nothing else, with telephone-event at 48 kHz when offered so', () => {
    const parsed = parseAudioOffer(
      offer('111 101 102', ['111 opus/48000/2', '101 telephone-event/8000', '102 telephone-event/48000']),
    );
    expect(parsed?.codecs).toEqual([{ codec: 'opus', payloadType: 111 }]);
    expect(parsed?.telephoneEvent).toBe(102);
    const first = parsed?.codecs[0];
    if (!parsed || !first) throw new Error('no offer');
    const answer = audioAnswer({
      address: '127.0.0.1',
      port: 5000,
      sessionId: 1,
      codec: first,
      telephoneEvent: parsed.telephoneEvent,
      telephoneEventRate: parsed.telephoneEventRate,
    });
    expect(answer).toContain('m=audio 5000 RTP/AVP 111 102\r\n');
    expect(answer).toContain('a=rtpmap:111 opus/48000/2\r\n');
    expect(answer).toContain('a=rtpmap:102 telephone-event/48000\r\n');
  });

  it('[TP1][TP2] an offer with no codec Parley takes has no answer (488)', () => {
    expect(parseAudioOffer(offer('9 18', ['9 G722/8000', '18 G729/8000']))).toBeNull();
  });
});

describe('[TP2][TP3] the Opus prompt', () => {
  it('[TP3] every shipped Opus prompt is 20 ms packets as long as its μ-law twin', () => {
    for (const locale of ['en', 'pl', 'nl', 'pt']) {
      const folder = resolve(import.meta.dirname, '../../../prompts');
      const packets = oggOpusPackets(readFileSync(resolve(folder, `${locale}.opus`)));
      const ulawSeconds = readFileSync(resolve(folder, `${locale}.ul`)).length / 8000;
      expect(packets.every((packet) => opusSamples(packet) === 960)).toBe(true);
      expect(Math.abs((packets.length * 960) / 48000 - ulawSeconds)).toBeLessThan(0.2);
    }
    expect(opusSamples(OPUS_SILENCE)).toBe(960);
  });
});
