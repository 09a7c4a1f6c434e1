import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { JanusConfig } from '../src/config.ts';
import { startJanus } from '../src/media/janus/janusProcess.ts';
import { freePort } from './childServer.ts';

/** Whether Debian's Janus is installed (scripts/janus.sh install). */
export const hasJanus = ['/usr/bin/janus', '/usr/local/bin/janus'].some((path) => existsSync(path));

/** A real Janus of the test's own, on a free port, its files under `folder`; throws if it does not start. */
export async function testJanus(folder: string): Promise<{ janus: JanusConfig; stop: () => Promise<void> }> {
  const started = await startJanus({
    ...process.env,
    PARLEY_JANUS_WS_PORT: String(await freePort()),
    PARLEY_JANUS_DIR: join(folder, 'janus'),
  });
  if (!started.ok) throw new Error(started.reason);
  return started;
}
