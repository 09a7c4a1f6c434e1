import { startJanus } from './media/janus/janusProcess.ts';
import { build } from './app.ts';
import { loadConfig } from './config.ts';
import { systemRuntime } from './domain/runtime.ts';
import { migrateToLatest, openPostgres, openSqliteOnWorker } from './storage/database.ts';
import { SqlStore } from './storage/stores.ts';
import { startDemo } from './startDemo.ts';

const config = loadConfig();
// [S1]–[S6] Broadcast video and conferences need the Janus SFU: use PARLEY_JANUS_URL, or start one.
let stopJanus = (): Promise<void> => Promise.resolve();
let mediaLine = `  Media server       : Janus at ${config.janus?.url ?? ''}`;
if (!config.janus && process.env.PARLEY_JANUS !== 'off') {
  const janus = await startJanus();
  if (janus.ok) {
    config.janus = janus.janus;
    stopJanus = janus.stop;
    mediaLine = `  Media server       : Janus at ${janus.janus.url} (scripts/janus.sh)`;
  } else {
    mediaLine = `  Media server       : none: ${janus.reason}. Broadcast video and conferences are unavailable.`;
  }
} else if (!config.janus) {
  mediaLine = '  Media server       : off (PARLEY_JANUS=off): broadcast video and conferences are unavailable.';
}
const database = config.databaseUrl ? openPostgres(config.databaseUrl) : openSqliteOnWorker(config.databaseFile);
const storageName = config.databaseUrl ? 'PostgreSQL' : `SQLite: ${config.databaseFile}`;
await migrateToLatest(database);
const { app } = await build({ config, db: database.db });

// [U6] Created (or refused) before listening; its password is printed at most once, at creation.
const demoLine = (await startDemo(config, new SqlStore(database.db, Date.now), systemRuntime)).join('\n');

await app.listen({ host: config.host, port: config.port });
process.stdout.write(`\nParley is running (${storageName}, in-process bus)\n${demoLine}\n${mediaLine}\n\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    void app
      .close()
      .then(() => database.db.destroy())
      .then(() => stopJanus())
      .finally(() => process.exit(0));
  });
}
