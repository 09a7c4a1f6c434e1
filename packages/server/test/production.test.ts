import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsultantClient, VisitorClient } from '@parley/client';
import { ChildServer, freePort } from './childServer.ts';
import { loginCookie, nodeSockets, until } from './server.ts';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
const children: ChildServer[] = [];
const clients: { close(): void }[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const child of children.splice(0)) await child.stop('SIGKILL').catch(() => undefined);
});

beforeAll(async () => {
  // What `npm start` runs before it starts the server.
  await run('npm', ['run', '--silent', 'build:server'], { cwd: repoRoot });
}, 120_000);

async function compiledServer(dataDir: string): Promise<ChildServer> {
  const server = new ChildServer(await freePort(), dataDir, 'compiled');
  children.push(server);
  await server.start();
  return server;
}

function visitorOn(server: ChildServer, resume: Map<string, string>): VisitorClient {
  const v = new VisitorClient({
    baseUrl: server.baseUrl,
    linkKey: 'demo-help',
    socketFactory: nodeSockets(),
    storage: { getItem: (k) => resume.get(k) ?? null, setItem: (k, value) => resume.set(k, value) },
  });
  clients.push(v);
  v.connect();
  return v;
}

describe('[OP5] production build', () => {
  it('[OP5] the compiled server runs on plain node, without a TypeScript loader', async () => {
    expect(existsSync(join(repoRoot, 'packages/server/dist/main.js'))).toBe(true);
    expect(existsSync(join(repoRoot, 'packages/server/dist/sqlite-worker.js'))).toBe(true);
    const server = await compiledServer(mkdtempSync(join(tmpdir(), 'parley-compiled-')));
    expect(await (await fetch(`${server.baseUrl}/healthz`)).json()).toEqual({ ok: true });
    // Ready means the SQLite worker (a separate compiled file) answered and migrations ran.
    expect(await (await fetch(`${server.baseUrl}/readyz`)).json()).toMatchObject({
      ready: true,
      checks: { database: 'ok', migrations: 'ok' },
    });
    expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 60_000);
});

describe('[OP4] backup and restore', () => {
  it('[OP4] a backup taken while the server runs restores into a new data folder with the conversation and its chat', async () => {
    const work = mkdtempSync(join(tmpdir(), 'parley-backup-'));
    const server = await compiledServer(join(work, 'live'));
    const c = new ConsultantClient({
      baseUrl: server.baseUrl,
      socketFactory: nodeSockets(await loginCookie(server.baseUrl)),
    });
    clients.push(c);
    c.connect();
    await until(c, (s) => s.status === 'open');
    c.setAvailable(true);
    await until(c, (s) => s.available);
    const resume = new Map<string, string>();
    const v = visitorOn(server, resume);
    await until(v, (s) => s.available);
    v.request('Ann');
    await until(c, () => c.ringing.length === 1);
    c.accept(c.ringing[0]?.id ?? '');
    await until(v, (s) => s.conversation?.state === 'active');
    for (const text of ['my order did not arrive', 'it is number 1234']) v.sendChat(text);
    await until(v, (s) => s.messages.length === 2);

    // Online: the server keeps running and writing while the copy is taken.
    const file = join(work, 'parley-backup.sqlite');
    const backup = run('npm', ['run', '--silent', 'parley', '--', 'backup', file], {
      cwd: repoRoot,
      env: { ...process.env, PARLEY_DATA_DIR: join(work, 'live') },
    });
    v.sendChat('written during the backup');
    const { stdout } = await backup;
    expect(stdout).toContain(`to ${file}`);
    // A second backup never overwrites the first.
    await expect(
      run('npm', ['run', '--silent', 'parley', '--', 'backup', file], {
        cwd: repoRoot,
        env: { ...process.env, PARLEY_DATA_DIR: join(work, 'live') },
      }),
    ).rejects.toMatchObject({ code: 1 });

    // Restore: the copy becomes the database of a new data folder, and a server starts on it.
    const restoredDir = join(work, 'restored');
    mkdirSync(restoredDir);
    copyFileSync(file, join(restoredDir, 'parley.sqlite'));
    const restored = await compiledServer(restoredDir);
    const back = visitorOn(restored, resume);
    const state = await until(back, (s) => s.status === 'open');
    expect(state.conversation).toMatchObject({ state: 'active', visitorName: 'Ann' });
    expect(state.messages.map((m) => m.text).slice(0, 2)).toEqual(['my order did not arrive', 'it is number 1234']);
    expect(await (await fetch(`${restored.baseUrl}/readyz`)).json()).toMatchObject({ ready: true });
  }, 120_000);
});
