import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
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
