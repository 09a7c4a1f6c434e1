import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labAddresses, type NetworkLab } from './lab.ts';

/**
 * docs/deploy.md: private and special ranges coturn must never relay to — without them a TURN
 * user reaches the operator's internal network, and (found by this lab) a permission for a
 * peer's unroutable host address makes coturn 4.6 end the whole allocation with "general".
 */
export const deniedPeerRanges = [
  '0.0.0.0-0.255.255.255',
  '10.0.0.0-10.255.255.255',
  '100.64.0.0-100.127.255.255',
  '127.0.0.0-127.255.255.255',
  '169.254.0.0-169.254.255.255',
  '172.16.0.0-172.31.255.255',
  '192.168.0.0-192.168.255.255',
];

export interface Coturn {
  secret: string;
  realm: string;
  /** TURN URLs for PARLEY_TURN_URLS, one per transport the lab offers. */
  urls: { udp: string; tcp: string; tls: string | null };
  /**
   * With `tls`: base64 SHA-256 of the test certificate's public key, for Chromium's
   * `--ignore-certificate-errors-spki-list` (browsers check a TURN server's certificate like a site's).
   */
  tlsSpki: string | null;
  log(): string;
}

/**
 * [NW1] Debian's coturn on the lab's "internet" (`pub`), configured as docs/deploy.md tells an
 * operator to — `use-auth-secret`, `static-auth-secret`, `realm` — plus only what places it in
 * the lab: its address, ports, files, and (with `tls`) a certificate made here for the test.
 */
export async function startCoturn(lab: NetworkLab, options: { tls?: boolean } = {}): Promise<Coturn> {
  const secret = randomBytes(24).toString('base64url');
  const realm = 'parley.test';
  const host = labAddresses.server;
  const logFile = join(lab.dir, 'turnserver.log');
  let tlsSpki: string | null = null;
  const lines = [
    '# As docs/deploy.md says:',
    'use-auth-secret',
    `static-auth-secret=${secret}`,
    `realm=${realm}`,
    'no-multicast-peers',
    ...deniedPeerRanges.map((range) => `denied-peer-ip=${range}`),
    '# The lab around it: its "private" networks (a peer there is refused, as RFC 1918 ones are above),',
    'denied-peer-ip=198.19.0.0-198.19.255.255',
    `listening-ip=${host}`,
    `relay-ip=${host}`,
    'listening-port=3478',
    'min-port=49152',
    'max-port=49999',
    'fingerprint',
    'no-cli',
    'no-dtls',
    `pidfile=${join(lab.dir, 'turnserver.pid')}`,
    // Its own (empty) user database, not the system's /var/lib/turn/turndb.
    `userdb=${join(lab.dir, 'turndb')}`,
    `log-file=${logFile}`,
    'simple-log',
    'verbose',
  ];
  if (options.tls) {
    const cert = join(lab.dir, 'turn-cert.pem');
    const key = join(lab.dir, 'turn-key.pem');
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${host}`,
      '-addext',
      `subjectAltName=IP:${host}`,
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    lines.push('tls-listening-port=5349', `cert=${cert}`, `pkey=${key}`);
    const publicKey = createPublicKey(readFileSync(cert)).export({ type: 'spki', format: 'der' });
    tlsSpki = createHash('sha256').update(publicKey).digest('base64');
  } else {
    lines.push('no-tls');
  }
  const config = join(lab.dir, 'turnserver.conf');
  writeFileSync(config, `${lines.join('\n')}\n`, { mode: 0o600 });
  const child = lab.spawn('pub', 'turnserver', ['-c', config]);
  const started = Date.now();
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  // coturn opens its UDP listener last, once the TCP/TLS ones and the relay ports are ready.
  while (!/IPv4\. UDP listener opened on ?: ?198\.18\.0\.1:3478/.test(log())) {
    if (child.exitCode !== null) throw new Error(`turnserver exited (${child.exitCode}):\n${log()}`);
    if (Date.now() - started > 15_000) throw new Error(`turnserver did not start:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    secret,
    realm,
    urls: {
      udp: `turn:${host}:3478?transport=udp`,
      tcp: `turn:${host}:3478?transport=tcp`,
      tls: options.tls ? `turns:${host}:5349?transport=tcp` : null,
    },
    tlsSpki,
    log,
  };
}
