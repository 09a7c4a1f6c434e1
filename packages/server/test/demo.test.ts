import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { verifyPassword } from '../src/domain/auth/passwords.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { DEMO_SECOND_EMAIL, DEMO_TENANT_SLUG } from '../src/domain/tenants/demo.ts';
import { startDemo } from '../src/startDemo.ts';
import { migrateToLatest, openSqlite, type OpenDatabase } from '../src/storage/database.ts';
import { sqlStores, type SqlStores } from '../src/storage/stores.ts';

let database: OpenDatabase | undefined;
afterEach(async () => {
  await database?.db.destroy();
  database = undefined;
});

async function store(): Promise<SqlStores> {
  database = openSqlite(':memory:');
  await migrateToLatest(database);
  return sqlStores(database.db, Date.now);
}

describe('[U6] the demo tenant at start', () => {
  it('[U6] on a local URL: created with a generated password, printed once and stored only hashed', async () => {
    const directory = await store();
    const runtime = new FakeRuntime();
    const first = (await startDemo(loadConfig({}), directory, runtime)).join('\n');
    const password = /Demo login\s*:\s*\S+ \/ (\S+)/.exec(first)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    const dana = await directory.consultants.findConsultantByEmail('consultant@demo.parley');
    expect(dana?.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, dana?.passwordHash ?? '')).toBe(true);
    const sam = await directory.consultants.findConsultantByEmail(DEMO_SECOND_EMAIL);
    expect(await verifyPassword(password, sam?.passwordHash ?? '')).toBe(true);

    const second = (await startDemo(loadConfig({}), directory, runtime)).join('\n');
    expect(second).toContain('Demo login');
    expect(second).not.toContain(password);
  }, 60_000);

  it('[U6] PARLEY_DEMO_PASSWORD is used and never printed', async () => {
    const directory = await store();
    const lines = await startDemo(loadConfig({ PARLEY_DEMO_PASSWORD: 'kept-secret-42' }), directory, new FakeRuntime());
    expect(lines.join('\n')).not.toContain('kept-secret-42');
    expect(lines.join('\n')).toContain('PARLEY_DEMO_PASSWORD');
    const dana = await directory.consultants.findConsultantByEmail('consultant@demo.parley');
    expect(await verifyPassword('kept-secret-42', dana?.passwordHash ?? '')).toBe(true);
  }, 60_000);

  it('[U6] on an https URL it is refused unless PARLEY_DEMO=on', async () => {
    const directory = await store();
    const https = { PARLEY_PUBLIC_URL: 'https://help.example.com' };
    const refused = await startDemo(loadConfig(https), directory, new FakeRuntime());
    expect(refused.join('\n')).toMatch(/not created.*PARLEY_DEMO=on/);
    expect(await directory.tenants.findTenantBySlug(DEMO_TENANT_SLUG)).toBeUndefined();
    expect(await directory.consultants.findConsultantByEmail('consultant@demo.parley')).toBeUndefined();

    await startDemo(loadConfig({ ...https, PARLEY_DEMO: 'on' }), directory, new FakeRuntime());
    expect(await directory.tenants.findTenantBySlug(DEMO_TENANT_SLUG)).toBeDefined();
    expect(await startDemo(loadConfig({ PARLEY_DEMO: 'off' }), directory, new FakeRuntime())).toEqual([]);
  }, 60_000);
});
