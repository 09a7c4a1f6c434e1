import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A Parley server as its own OS process, for tests that kill and restart it. It keeps its
 * SQLite file in `dataDir`, so a restarted process finds what the killed one stored.
 */
export class ServerProcess {
  private child: ChildProcess | undefined;
  readonly baseUrl: string;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    /** Extra environment, e.g. `{ PARLEY_TEST_HOOKS: 'off' }` for a server as production runs it. */
    private readonly env: Record<string, string> = {},
  ) {
    this.baseUrl = `http://localhost:${port}`;
  }

  async start(): Promise<void> {
    const logs = process.env.E2E_NODE_LOGS;
    const child = spawn(process.execPath, ['--import', 'tsx', resolve('packages/server/src/main.ts')], {
      env: {
        ...process.env,
        PORT: String(this.port),
        PARLEY_DATA_DIR: this.dataDir,
        LOG_LEVEL: 'warn',
        // [U6] The demo password is otherwise generated at first start; the tests sign in with this one.
        PARLEY_DEMO_PASSWORD: 'parley-demo',
        // [E19] Like the main e2e server: the specs read calls through window.__parley.
        PARLEY_TEST_HOOKS: 'on',
        ...this.env,
      },
      // E2E_NODE_LOGS=<folder> keeps each process's log (pino, stdout) there for a failure's reading.
      stdio: ['ignore', logs ? openSync(`${logs}/server-${this.port}.log`, 'a') : 'ignore', 'inherit'],
    });
    this.child = child;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`${this.baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not become healthy');
  }

  /** SIGKILL: no shutdown hooks, no goodbyes — as a crash or an OOM kill would end it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
