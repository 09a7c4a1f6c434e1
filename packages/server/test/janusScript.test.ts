import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '../../../scripts/janus.sh');
const hasJanus = ['/usr/bin/janus', '/usr/local/bin/janus'].some((p) => existsSync(p));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/janus.sh as an operator would, with only the environment given (umask 022). */
function janusSh(command: 'start' | 'stop', env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(
      'bash',
      ['-c', 'umask 022; exec bash "$0" "$1"', script, command],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function mode(path: string): Promise<string> {
  return ((await lstat(path)).mode & 0o777).toString(8);
}

/** Every file and folder below `dir`, with its permission bits. */
async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true })) out[entry] = await mode(join(dir, entry));
  return out;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-janus-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scripts/janus.sh keeps its secrets private', () => {
  it('[SD8] refuses a folder it did not create, and leaves what was planted there untouched', async () => {
    // What another local user could prepare at a predictable path: their own config and secret.
    const planted = join(root, 'planted');
    await mkdir(join(planted, 'conf'), { recursive: true, mode: 0o755 });
    await chmod(planted, 0o755);
    await writeFile(join(planted, 'api_secret'), 'known-to-the-attacker');
    await writeFile(join(planted, 'janus.pid'), '1');
    const port = String(await freePort());
    const run = await janusSh('start', { PARLEY_JANUS_WS_PORT: port, PARLEY_JANUS_DIR: planted, HOME: root });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('refusing');
    expect(await readFile(join(planted, 'api_secret'), 'utf8')).toBe('known-to-the-attacker');
    expect(existsSync(join(planted, 'admin_key'))).toBe(false);

    // Private but unmarked (not made by the script), or a symlink to a folder: refused as well.
    const unmarked = join(root, 'unmarked');
    await mkdir(unmarked, { mode: 0o700 });
    expect((await janusSh('start', { PARLEY_JANUS_WS_PORT: port, PARLEY_JANUS_DIR: unmarked, HOME: root })).code).toBe(
      4,
    );
    const link = join(root, 'link');
    await symlink(unmarked, link);
    expect((await janusSh('start', { PARLEY_JANUS_WS_PORT: port, PARLEY_JANUS_DIR: link, HOME: root })).code).toBe(4);
    expect((await janusSh('stop', { PARLEY_JANUS_WS_PORT: port, PARLEY_JANUS_DIR: planted, HOME: root })).code).toBe(4);
    expect(await readdir(unmarked)).toEqual([]);
  });

  it('[SD8] refuses a shared default parent folder (another mode than 0700)', async () => {
    const home = join(root, 'home-shared');
    await mkdir(join(home, '.cache', 'parley-janus'), { recursive: true });
    await chmod(join(home, '.cache', 'parley-janus'), 0o777);
    const run = await janusSh('start', { PARLEY_JANUS_WS_PORT: String(await freePort()), HOME: home });
    expect(run.code).toBe(4);
    expect(await readdir(join(home, '.cache', 'parley-janus'))).toEqual([]);
  });

  it.skipIf(!hasJanus)(
    '[SD8] starts Janus from a private folder of its own (0700, files 0600), not a /tmp path, and stops it',
    async () => {
      const home = join(root, 'home');
      await mkdir(home);
      const env = { PARLEY_JANUS_WS_PORT: String(await freePort()), HOME: home };
      const run = await janusSh('start', env);
      expect(run.code, run.stderr).toBe(0);
      const dir = /PARLEY_JANUS_DIR=(\S+)/.exec(run.stdout)?.[1] ?? '';
      try {
        expect(dir).toBe(join(home, '.cache', 'parley-janus', env.PARLEY_JANUS_WS_PORT));
        expect(await mode(join(home, '.cache', 'parley-janus'))).toBe('700');
        expect(await mode(dir)).toBe('700');
        const all = await modes(dir);
        expect(Object.keys(all)).toEqual(
          expect.arrayContaining(['api_secret', 'admin_key', 'janus.pid', 'janus.log', 'conf/janus.jcfg']),
        );
        for (const [path, bits] of Object.entries(all)) {
          expect({ path, bits }).toEqual({ path, bits: (await lstat(join(dir, path))).isDirectory() ? '700' : '600' });
        }
        // A second start finds its own Janus running and reuses it.
        const again = await janusSh('start', env);
        expect(again.stdout).toContain('PARLEY_JANUS_STARTED=0');
      } finally {
        expect((await janusSh('stop', env)).code).toBe(0);
      }
      expect(existsSync(join(dir, 'janus.pid'))).toBe(false);
    },
  );
  it.skipIf(!hasJanus)('[OP7] a Janus started for a server stops when that server is killed outright', async () => {
    const home = join(root, 'home-owner');
    await mkdir(home);
    // Stands in for the Parley server: a process that a test runner kills with SIGKILL.
    const owner = spawn('sleep', ['600'], { stdio: 'ignore' });
    const env = {
      PARLEY_JANUS_WS_PORT: String(await freePort()),
      HOME: home,
      PARLEY_JANUS_OWNER_PID: String(owner.pid),
    };
    const run = await janusSh('start', env);
    expect(run.code, run.stderr).toBe(0);
    const dir = /PARLEY_JANUS_DIR=(\S+)/.exec(run.stdout)?.[1] ?? '';
    const janusPid = Number(await readFile(join(dir, 'janus.pid'), 'utf8'));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      expect(alive(janusPid)).toBe(true);
      owner.kill('SIGKILL');
      await expect.poll(() => alive(janusPid), { timeout: 10_000 }).toBe(false);
    } finally {
      owner.kill('SIGKILL');
      await janusSh('stop', env);
    }
  });
});
