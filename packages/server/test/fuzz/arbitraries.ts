import fc from 'fast-check';
import { ClientMessage, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '@parley/protocol';

/**
 * Generators for hostile input. `npm test` runs a bounded number of cases; `npm run fuzz` sets
 * FUZZ_RUNS higher. A failure prints fast-check's seed and shrunk counterexample.
 */
export function runs(inTest: number): number {
  const wanted = Number(process.env.FUZZ_RUNS ?? '');
  return Number.isFinite(wanted) && wanted > 0 ? wanted : inTest;
}

/** Stands for "the last conversation id this socket heard of", filled in when sent. */
export const LAST = '$last';

/** Every client message type the protocol defines (new ones are fuzzed without editing this). */
export const messageTypes: readonly string[] = [
  'hello',
  ...ClientMessage.options.map((option) => option.shape.type.value),
];

/** Any JSON value of a wrong type, to put where a field of another type belongs. */
const wrong = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.nat({ max: 6000 }).map((n) => 'é'.repeat(n)) },
  { weight: 1, arbitrary: wrong },
);

const conversationId = fc.oneof(
  { weight: 4, arbitrary: fc.constant(LAST) },
  { weight: 1, arbitrary: fc.constantFrom('conv_nope', '', 'x'.repeat(65)) },
  { weight: 1, arbitrary: wrong },
);

const signal = fc.oneof(
  fc.record({
    kind: fc.constantFrom('offer', 'answer', 'restart', 'candidate', 'bogus'),
    epoch: fc.oneof(fc.string({ maxLength: 70 }), wrong),
    sdp: fc.oneof(fc.constant('v=0'), text),
    candidate: fc.oneof(
      fc.record({ candidate: fc.string({ maxLength: 30 }), sdpMid: fc.oneof(fc.string(), fc.constant(null)) }),
      wrong,
    ),
  }),
  wrong,
);

const id = fc.oneof(fc.constantFrom('con_nope', 'link_nope', ''), fc.string({ maxLength: 70 }), wrong);
const flag = fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: wrong });

/** Nested fields of the desk, media and conference messages: mostly well formed, sometimes not. */
const nested = {
  setup: fc.oneof(
    fc.record({
      mediaCheck: fc.oneof(fc.constantFrom('passed', 'skipped', 'failed', 'bogus'), wrong),
      mode: fc.oneof(fc.constantFrom('video', 'voice', 'text', 'bogus'), wrong),
      webrtc: flag,
    }),
    wrong,
  ),
  to: fc.oneof(
    fc.record({ kind: fc.constant('consultant'), consultantId: id }),
    fc.record({ kind: fc.constant('link'), linkId: id }),
    fc.record({ kind: fc.string({ maxLength: 10 }) }),
    wrong,
  ),
  room: fc.oneof(
    fc.record({ kind: fc.constant('conversation'), conversationId }),
    fc.record({ kind: fc.constant('broadcast'), linkId: id }),
    wrong,
  ),
  state: fc.oneof(
    fc.record({ camera: flag, microphone: flag, screen: flag, supportVideo: flag }, { requiredKeys: [] }),
    wrong,
  ),
  context: fc.oneof(
    fc.record(
      {
        identity: fc.oneof(
          fc.record({
            id: text,
            name: text,
            email: text,
            expires: fc.oneof(fc.integer(), fc.double()),
            signature: fc.string({ maxLength: 70 }),
          }),
          wrong,
        ),
        attached: fc.oneof(fc.dictionary(fc.string({ maxLength: 30 }), text, { maxKeys: 60 }), wrong),
      },
      { requiredKeys: [] },
    ),
    wrong,
  ),
};

/** A message shaped like the protocol but with any field missing, mistyped, oversized or unknown. */
export const messageLike = fc.record(
  {
    type: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...messageTypes) },
      { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
      { weight: 1, arbitrary: wrong },
    ),
    v: fc.oneof(fc.constant(PROTOCOL_VERSION), wrong),
    role: fc.oneof(fc.constantFrom('visitor', 'consultant'), wrong),
    linkKey: fc.oneof(fc.constant('demo-help'), fc.string({ maxLength: 70 }), wrong),
    resumeToken: fc.oneof(fc.string({ maxLength: 130 }), wrong),
    embedOrigin: fc.oneof(fc.constant('http://localhost:8080'), fc.webUrl(), fc.string({ maxLength: 300 }), wrong),
    conversationId,
    clientId: fc.oneof(fc.string({ minLength: 1, maxLength: 70 }), wrong),
    text,
    name: fc.oneof(text, fc.constant(undefined)),
    available: flag,
    signal,
    reason: text,
    disposition: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(null), wrong),
    linkId: id,
    consultantId: id,
    email: fc.oneof(fc.emailAddress(), text),
    locale: fc.oneof(fc.constantFrom('en', 'pl', 'nl', 'pt', 'xx'), wrong),
    leg: fc.oneof(fc.string({ minLength: 1, maxLength: 70 }), wrong),
    sdp: fc.oneof(fc.constant('v=0'), text),
    feed: id,
    candidate: fc.oneof(fc.record({ candidate: fc.string({ maxLength: 30 }) }), fc.constant(null), wrong),
    ...nested,
    extra: wrong,
  },
  { requiredKeys: ['type'] },
);

/** One WebSocket frame: mostly protocol-shaped, sometimes not JSON, not text, or too large. */
export const frame: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 12, arbitrary: messageLike.map((m) => JSON.stringify(m)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"type":', 'null', '[]', '"x"', '{"type":"hello"', '\u0000') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.constant('x'.repeat(MAX_FRAME_BYTES + 1)) },
);
