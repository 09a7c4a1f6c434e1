import { Telephony } from '../src/telephony/telephony.ts';

type StartOptions = Parameters<typeof Telephony.start>[0];

/**
 * A Telephony for tests: SIP on a free loopback port, no dial-in numbers, no Janus, the real clock
 * and a silent log, unless `overrides` says otherwise.
 */
export function startTestTelephony(overrides: Partial<StartOptions> = {}): Promise<Telephony> {
  return Telephony.start({
    config: { host: '127.0.0.1', port: 0, publicAddress: null, rtpPorts: null, numbers: [] },
    janus: null,
    clock: { now: () => Date.now() },
    log: { info: () => undefined, warn: () => undefined },
    ...overrides,
  });
}
