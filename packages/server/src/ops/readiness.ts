import { sql, type Kysely } from 'kysely';
import type { TimerHandle, Timers } from '../domain/runtime.ts';
import type { MediaRooms } from '../domain/media/mediaRooms.ts';
import type { Database } from '../storage/schema.ts';
import { pendingMigrations } from '../storage/database.ts';

export interface Readiness {
  /** False when the database does not answer or migrations are pending: send no traffic here. */
  ready: boolean;
  checks: {
    database: 'ok' | 'down';
    migrations: 'ok' | 'pending' | 'unknown';
    /**
     * `off`: no media server configured. `down` does not make the server unready: 1:1 calls and
     * chat go on without the SFU; only broadcasts and conferences need it.
     */
    janus: 'up' | 'down' | 'off' | 'unknown';
    /** [PL7] Only on a cluster node: Redis carries its leases, commands and messages. */
    redis?: 'ok' | 'down';
  };
}

/** How long one check may take before it counts as failed: a probe must answer promptly. */
export const CHECK_TIMEOUT_MS = 2000;

/**
 * [OP1] Readiness for a load balancer: the database answers, every migration this code knows has
 * run, and the state of the SFU. Migrations never un-run, so once all are in they are not read again.
 */
export class ReadinessProbe {
  private migrated = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly media: MediaRooms | null,
    private readonly timers: Timers,
    /** [PL7] A cluster node's Redis check; absent on a single node. */
    private readonly redis?: () => Promise<boolean>,
  ) {}

  async check(): Promise<Readiness> {
    const redis = this.redis;
    const [database, migrations, janus, redisCheck] = await Promise.all([
      this.within(sql`select 1`.execute(this.db)).then(
        () => 'ok' as const,
        () => 'down' as const,
      ),
      this.migrations(),
      this.janus(),
      redis &&
        this.within(redis()).then(
          (ok) => (ok ? ('ok' as const) : ('down' as const)),
          () => 'down' as const,
        ),
    ]);
    const ready = database === 'ok' && migrations === 'ok' && redisCheck !== 'down';
    return { ready, checks: { database, migrations, janus, ...(redisCheck ? { redis: redisCheck } : {}) } };
  }

  private async migrations(): Promise<Readiness['checks']['migrations']> {
    if (this.migrated) return 'ok';
    try {
      const pending = await this.within(pendingMigrations(this.db));
      this.migrated = pending.length === 0;
      return this.migrated ? 'ok' : 'pending';
    } catch {
      return 'unknown';
    }
  }

  private async janus(): Promise<Readiness['checks']['janus']> {
    if (!this.media) return 'off';
    const reachable = await this.within(this.media.reachable()).catch(() => false);
    if (reachable === null) return 'unknown';
    return reachable ? 'up' : 'down';
  }

  private within<T>(work: Promise<T>): Promise<T> {
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.timers.setTimeout(() => reject(new Error('check timed out')), CHECK_TIMEOUT_MS);
    });
    return Promise.race([work, timeout]).finally(() => timer?.cancel());
  }
}
