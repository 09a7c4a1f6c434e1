import { startJanus } from './media/janus/janusProcess.ts';
import { build } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { systemRuntime } from './domain/runtime.ts';
import { migrateToLatest, openPostgres, openSqliteOnWorker } from './storage/database.ts';
import { sqlStores } from './storage/stores.ts';
import { startDemo } from './startDemo.ts';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    // A setting the server refuses: say which and how to fix it, without a stack trace.
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Parley cannot start: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
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
// [PL40] PostgreSQL's outages are logged by the app's logger once there is one.
let warnStorage = (error: unknown, what: string): void => void process.stderr.write(`${what}: ${String(error)}\n`);
const database = config.databaseUrl
  ? openPostgres(config.databaseUrl, {
      retryMs: config.databaseRetryMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      warn: (error, what) => warnStorage(error, what),
    })
  : openSqliteOnWorker(config.databaseFile);
const storageName = config.databaseUrl ? 'PostgreSQL' : `SQLite: ${config.databaseFile}`;
await migrateToLatest(database);
// [U6] Created (or refused) before listening; its password is printed at most once, at creation.
// Before the app is built, so a cluster node seeks the demo tenant's lease from the start ([PL7]).
const demoLine = (await startDemo(config, sqlStores(database.db, Date.now), systemRuntime)).join('\n');
const { app } = await build({ config, db: database.db });
warnStorage = (error, what) => app.log.warn({ err: error }, what);

await app.listen({ host: config.host, port: config.port });
const busName = config.cluster ? `Redis bus, node ${config.cluster.nodeId}` : 'in-process bus';
process.stdout.write(`\nParley is running (${storageName}, ${busName})\n${demoLine}\n${mediaLine}\n\n`);

/**
 * [OP3] Graceful shutdown. `app.close()` answers new requests with 503, tells every WebSocket to
 * reconnect at once (close code 1012) and lets each finish the frames it received, stops
 * listening, then waits for the switchboard: queued commands and the chat group commit ([M4]) are
 * written before the database closes. A cluster node then releases its leases ([PL4]). Acknowledged chat is stored before its ack ([M1]); a message
 * not yet acknowledged is resent by its client to the next process, which stores it once.
 */
const SHUTDOWN_DEADLINE_MS = 15_000;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    // A shutdown that hangs (a database that never answers) must not keep the old process alive.
    setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    void app
      .close()
      .then(() => database.db.destroy())
      .then(() => stopJanus())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
}
