/**
 * G.711 (ITU-T) μ-law and A-law, sample by sample. The prompts ship as μ-law; an A-law call gets
 * them converted through linear PCM.
 */
export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = (((u & 0x0f) << 3) + 0x84) << exponent;
  return u & 0x80 ? 0x84 - magnitude : magnitude - 0x84;
}

export function linearToAlaw(sample: number): number {
  const sign = sample >= 0 ? 0xd5 : 0x55;
  let magnitude = Math.min(Math.abs(sample), 32635) >> 3;
  if (magnitude < 32) return (magnitude >> 1) ^ sign;
  let exponent = 1;
  while (magnitude >= 64 && exponent < 7) {
    magnitude >>= 1;
    exponent++;
  }
  return ((exponent << 4) | ((magnitude >> 1) & 0x0f)) ^ sign;
}

export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** μ-law bytes as A-law bytes. */
export function ulawToAlaw(ulaw: Buffer): Buffer {
  const out = Buffer.alloc(ulaw.length);
  for (let i = 0; i < ulaw.length; i++) out[i] = linearToAlaw(ulawToLinear(ulaw[i] ?? 0xff));
  return out;
}
