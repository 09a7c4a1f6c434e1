import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DEMO } from './server.ts';

const serverDir = resolve(import.meta.dirname, '..');

/** How the child runs: from TypeScript through tsx (as in development), or the compiled bundle. */
export type ServerBuild = 'source' | 'compiled';

/** A port the OS says is free now (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === 'object') resolvePort(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * A Parley server as its own OS process (packages/server/src/main.ts or dist/main.js), for tests
 * of what only a whole process does: signals, restarts, the compiled build. Its SQLite file is in
 * `dataDir`, so a restarted process finds what the last one stored.
 */
export class ChildServer {
  private child: ChildProcess | undefined;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private output = '';
  /** Everything every run of this server wrote (`errors` is the last run's only). */
  private written = '';

  constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly build: ServerBuild = 'source',
    private readonly env: NodeJS.ProcessEnv = {},
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once it listens (it prints its banner after `listen`). */
  start(): Promise<void> {
    const args =
      this.build === 'source'
        ? ['--import', 'tsx', resolve(serverDir, 'src/main.ts')]
        : [resolve(serverDir, 'dist/main.js')];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PARLEY_PUBLIC_URL: this.baseUrl,
        PARLEY_DATA_DIR: this.dataDir,
        PARLEY_JANUS: 'off',
        LOG_LEVEL: 'warn',
        // [U6] The demo's password is generated unless set; tests sign in with the known one.
        PARLEY_DEMO_PASSWORD: DEMO.password,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.output = '';
    child.stderr.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.written += chunk.toString();
    });
    this.exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
    return new Promise((ready, fail) => {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        this.output += chunk.toString();
        this.written += chunk.toString();
        if (stdout.includes('Parley is running')) ready();
      });
      void this.exited?.then(({ code, signal }) =>
        fail(new Error(`server exited (${code ?? signal ?? '?'}) before listening:\n${this.output}`)),
      );
    });
  }

  /** Sends `signal` and resolves with how the process ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child || !this.exited) throw new Error('not started');
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return this.exited;
  }

  /** What the process wrote (its banner and its pino log), for failure messages. */
  get errors(): string {
    return this.output;
  }

  /** What every run of the process wrote, restarts included. */
  get history(): string {
    return this.written;
  }
}
