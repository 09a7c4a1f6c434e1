import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, type JanusConfig } from '../../config.ts';

const run = promisify(execFile);
// From the checkout's root, which the compiled server finds as well as the source ([OP5]).
const script = resolve(repoRoot, 'scripts/janus.sh');

export type JanusStart = { ok: true; janus: JanusConfig; stop: () => Promise<void> } | { ok: false; reason: string };

/**
 * `npm start`: runs scripts/janus.sh when Janus is installed, so broadcasts and conferences have
 * their SFU. Stops it on shutdown only when this process started it.
 */
export async function startJanus(env: NodeJS.ProcessEnv = process.env): Promise<JanusStart> {
  if (!['/usr/bin/janus', '/usr/local/bin/janus'].some((p) => existsSync(p))) {
    return { ok: false, reason: 'janus is not installed (apt-get install janus)' };
  }
  try {
    // [OP7] Janus goes when this process goes, however it ends.
    const { stdout } = await run('bash', [script, 'start'], {
      env: { ...env, PARLEY_JANUS_OWNER_PID: String(process.pid) },
    });
    const vars = new Map(
      [...stdout.matchAll(/(PARLEY_JANUS_[A-Z_]+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? ''] as const),
    );
    const url = vars.get('PARLEY_JANUS_URL');
    if (!url) return { ok: false, reason: 'janus did not start' };
    const started = vars.get('PARLEY_JANUS_STARTED') === '1';
    return {
      ok: true,
      janus: {
        url,
        apiSecret: vars.get('PARLEY_JANUS_API_SECRET') ?? '',
        adminKey: vars.get('PARLEY_JANUS_ADMIN_KEY') ?? '',
      },
      stop: async () => {
        if (started) await run('bash', [script, 'stop'], { env }).catch(() => undefined);
      },
    };
  } catch (error) {
    return { ok: false, reason: `janus did not start: ${error instanceof Error ? error.message : String(error)}` };
  }
}
