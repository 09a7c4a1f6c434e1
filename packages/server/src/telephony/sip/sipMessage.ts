/**
 * [TP1] SIP messages (RFC 3261 §7): just what a user-agent server answering calls needs. A
 * message is parsed from one datagram (UDP) or one framed chunk of a stream (TCP, framed by
 * Content-Length); anything malformed is refused with `null`, never a throw.
 */
export interface SipRequest {
  kind: 'request';
  method: string;
  uri: string;
  headers: SipHeaders;
  body: string;
}

export interface SipResponse {
  kind: 'response';
  status: number;
  reason: string;
  headers: SipHeaders;
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Header values by lower-case long name, in order (Via may repeat). */
export type SipHeaders = Map<string, string[]>;

/** RFC 3261 §7.3.3 compact forms. */
const COMPACT: Record<string, string> = {
  v: 'via',
  f: 'from',
  t: 'to',
  i: 'call-id',
  m: 'contact',
  l: 'content-length',
  c: 'content-type',
  k: 'supported',
  s: 'subject',
};

/** A SIP message is small; anything bigger is not a call we take. */
export const MAX_SIP_MESSAGE_BYTES = 16 * 1024;

export function parseSipMessage(text: string): SipMessage | null {
  if (text.length > MAX_SIP_MESSAGE_BYTES) return null;
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const lines = text.slice(0, split).split('\r\n');
  const body = text.slice(split + 4);
  const start = lines.shift() ?? '';
  const headers: SipHeaders = new Map();
  for (const line of lines) {
    // Folded continuation lines (§7.3.1) belong to the header before them.
    if (/^[ \t]/.test(line)) {
      const last = [...headers.values()].at(-1);
      if (!last || last.length === 0) return null;
      last[last.length - 1] = `${last.at(-1) ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const value = line.slice(colon + 1).trim();
    // Via, Contact and friends may list several values in one line; Via is the one we need split.
    const values = name === 'via' ? splitComma(value) : [value];
    headers.set(name, [...(headers.get(name) ?? []), ...values]);
  }
  const length = Number(headers.get('content-length')?.[0] ?? body.length);
  const sliced = Number.isFinite(length) ? Buffer.from(body).subarray(0, length).toString() : body;
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  if (response) {
    return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body: sliced };
  }
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (!request?.[1] || !request[2]) return null;
  for (const required of ['via', 'from', 'to', 'call-id', 'cseq']) if (!headers.has(required)) return null;
  return { kind: 'request', method: request[1], uri: request[2], headers, body: sliced };
}

function splitComma(value: string): string[] {
  return value
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((part) => part.trim())
    .filter(Boolean);
}

export function header(message: { headers: SipHeaders }, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

/** The `tag` parameter of a From or To header value. */
export function tagOf(value: string | undefined): string | undefined {
  return value ? /;\s*tag=([^;>\s]+)/i.exec(value)?.[1] : undefined;
}

/** The URI inside a name-addr (`"Bob" <sip:bob@host>;tag=1`) or a bare addr-spec. */
export function uriOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const angle = /<([^>]+)>/.exec(value);
  return angle?.[1] ?? value.split(';')[0]?.trim();
}

/** The user part of a SIP URI (`sip:+3120555@host` → `+3120555`). */
export function userOf(uri: string | undefined): string {
  return (uri ? /^sips?:([^@;]+)@/i.exec(uri)?.[1] : undefined) ?? '';
}

export function cseqOf(request: { headers: SipHeaders }): { number: number; method: string } | undefined {
  const match = /^(\d+)\s+([A-Z]+)$/.exec(header(request, 'cseq') ?? '');
  return match?.[1] && match[2] ? { number: Number(match[1]), method: match[2] } : undefined;
}

/** One message as text: the start line, headers in the given order, Content-Length, the body. */
export function serialize(startLine: string, headers: [string, string][], body = ''): string {
  const lines = [startLine, ...headers.map(([name, value]) => `${name}: ${value}`)];
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines.join('\r\n') + '\r\n\r\n' + body;
}

/**
 * A response to `request` (§8.2.6): Via, From, Call-ID and CSeq copied, To with our tag added
 * when the request had none.
 */
export function responseTo(
  request: SipRequest,
  status: number,
  reason: string,
  options: { toTag?: string; extra?: [string, string][]; body?: string } = {},
): string {
  const to = header(request, 'to') ?? '';
  const taggedTo = options.toTag && !tagOf(to) ? `${to};tag=${options.toTag}` : to;
  const headers: [string, string][] = [
    ...(request.headers.get('via') ?? []).map((via): [string, string] => ['Via', via]),
    ['From', header(request, 'from') ?? ''],
    ['To', taggedTo],
    ['Call-ID', header(request, 'call-id') ?? ''],
    ['CSeq', header(request, 'cseq') ?? ''],
    ['Server', 'Parley'],
    ...(options.extra ?? []),
  ];
  return serialize(`SIP/2.0 ${status} ${reason}`, headers, options.body);
}

/**
 * Splits a TCP stream into messages (§18.3: Content-Length frames the body). Returns the complete
 * messages and what is left over; `null` when the stream is garbage (the connection is closed).
 */
export function takeStreamMessages(buffer: Buffer): { messages: string[]; rest: Buffer } | null {
  const messages: string[] = [];
  let rest = buffer;
  for (;;) {
    // Keep-alive CRLFs between messages (RFC 5626) are skipped.
    while (rest.length >= 2 && rest[0] === 13 && rest[1] === 10) rest = rest.subarray(2);
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) return rest.length > MAX_SIP_MESSAGE_BYTES ? null : { messages, rest };
    const head = rest.subarray(0, end).toString();
    const lengthLine = /^(?:content-length|l)\s*:\s*(\d+)\s*$/im.exec(head);
    const length = lengthLine?.[1] ? Number(lengthLine[1]) : 0;
    if (end + 4 + length > MAX_SIP_MESSAGE_BYTES) return null;
    if (rest.length < end + 4 + length) return { messages, rest };
    messages.push(rest.subarray(0, end + 4 + length).toString());
    rest = rest.subarray(end + 4 + length);
  }
}
