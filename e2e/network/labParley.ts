import { execFileSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { labAddresses, type LabSide, type NetworkLab } from '../../scripts/netlab/lab.ts';

/**
 * [NW1] Parley and the two people's browsers placed in the lab: the server on the "internet"
 * (`pub`, at 198.18.0.1 where coturn also listens), the visitor's Chromium behind the home NAT, the
 * consultant's behind the office NAT.
 */
export interface LabParley {
  /** The URL both browsers use (through their NATs). */
  baseUrl: string;
  visitorBrowser: Browser;
  consultantBrowser: Browser;
  close(): Promise<void>;
}

/**
 * [NW8] Starts Janus (scripts/janus.sh) on the lab's media host (`sfu`, a public address with no
 * NAT in front, as a deployment gives it) and returns the environment that points the lab's Parley
 * at it. Its state lives in the lab's folder; `lab.close()` ends it with everything in the lab.
 */
export function startLabJanus(lab: NetworkLab): Record<string, string> {
  const out = execFileSync('ip', ['netns', 'exec', lab.ns('sfu'), 'bash', resolve('scripts/janus.sh'), 'start'], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PARLEY_JANUS_WS_IP: labAddresses.sfu,
      PARLEY_JANUS_WS_PORT: '8188',
      PARLEY_JANUS_DIR: join(lab.dir, 'janus'),
      PARLEY_JANUS_RTP_PORTS: '40000-40999',
    },
  });
  const env = Object.fromEntries(
    [...out.matchAll(/(PARLEY_JANUS_(?:URL|API_SECRET|ADMIN_KEY))=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
  );
  if (!env.PARLEY_JANUS_URL) throw new Error(`Janus did not start in the lab: ${out}`);
  return env;
}

export async function startLabParley(
  lab: NetworkLab,
  port: number,
  env: Record<string, string>,
  browserArgs: string[] = [],
): Promise<LabParley> {
  const baseUrl = `http://${labAddresses.server}:${port}`;
  const server: ChildProcess = lab.spawn(
    'pub',
    process.execPath,
    ['--import', 'tsx', resolve('packages/server/src/main.ts')],
    {
      ...process.env,
      HOST: '0.0.0.0',
      PORT: String(port),
      PARLEY_PUBLIC_URL: baseUrl,
      PARLEY_DATA_DIR: resolve(`test-results/netlab-data-${lab.id}-${Date.now()}`),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      PARLEY_DEMO_PASSWORD: 'parley-demo',
      PARLEY_TEST_HOOKS: 'on',
      PARLEY_NEW_VISITOR_BURST: '100000',
      // Broadcast and conference are not part of these calls; no Janus beside the lab's server.
      PARLEY_JANUS: 'off',
      ...env,
    },
  );
  let serverLog = '';
  server.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
  server.stdout?.resume();
  const health = `http://${lab.pubFromRoot}:${port}/healthz`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Parley exited with ${server.exitCode} in the lab:\n${serverLog}`);
    const ok = await fetch(health).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`Parley did not answer ${health}:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const launch = (side: LabSide) =>
    chromium.launch({
      executablePath: lab.chromium(side),
      args: [
        '--no-sandbox',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Camera and microphone need a secure context; the lab serves plain http on an address.
        `--unsafely-treat-insecure-origin-as-secure=${baseUrl}`,
        ...browserArgs,
      ],
    });
  const visitorBrowser = await launch('visitor');
  const consultantBrowser = await launch('consultant');
  return {
    baseUrl,
    visitorBrowser,
    consultantBrowser,
    close: async () => {
      await visitorBrowser.close().catch(() => undefined);
      await consultantBrowser.close().catch(() => undefined);
      server.kill('SIGKILL');
    },
  };
}
