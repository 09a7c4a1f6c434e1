import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsultantMe } from '@parley/protocol';
import { build } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { migrateToLatest, openSqlite } from '../src/storage/database.ts';
import { MemoryBlobStore } from '../src/storage/blobs.ts';

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, '../../..');
// Four processes, each starting npm and tsx: on a loaded 2-core machine that alone can take a minute.
vi.setConfig({ testTimeout: 240_000 });

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `npm run parley -- …` as an operator runs it: its own process, the environment for config. */
async function parley(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PARLEY_DATA_DIR: dataDir };
  delete env.PARLEY_DATABASE_URL;
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'parley', '--', ...args], { cwd: repoRoot, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('[U7] npm run parley -- tenant …', () => {
  it('[U7][U4] tenant create prints a one-time password the first admin signs in with, then must change', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    dirs.push(dataDir);
    const created = await parley(dataDir, 'tenant', 'create', '--name', 'Acme Bikes', '--admin-email', 'Ann@Acme.test');
    expect(created.code).toBe(0);
    const password = /One-time password\s*:\s*(\S+)/.exec(created.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(created.stdout).toContain('ann@acme.test');

    const listed = await parley(dataDir, 'tenant', 'list');
    expect(listed.stdout).toMatch(/acme-bikes\tAcme Bikes\t1 consultant\(s\)\tadmins: ann@acme.test/);
    const again = await parley(dataDir, 'tenant', 'create', '--name', 'Other', '--admin-email', 'ann@acme.test');
    expect([again.code, again.stderr]).toEqual([1, expect.stringContaining('email_taken')]);
    expect((await parley(dataDir, 'tenant', 'create', '--name', 'No admin')).code).toBe(2);

    // The server on the same database: the printed password signs the admin in, into the change.
    const database = openSqlite(loadConfig({ PARLEY_DATA_DIR: dataDir }).databaseFile);
    await migrateToLatest(database);
    const { app } = await build({
      config: loadConfig({}),
      db: database.db,
      logger: false,
      blobs: new MemoryBlobStore(),
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-parley-csrf': '1' },
        payload: { email: 'ann@acme.test', password },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json<ConsultantMe>()).toMatchObject({
        role: 'admin',
        tenant: { name: 'Acme Bikes' },
        mustChangePassword: true,
      });
    } finally {
      await app.close();
      await database.db.destroy();
    }
  });
});
