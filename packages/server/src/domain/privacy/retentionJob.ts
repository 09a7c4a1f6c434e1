import type { Runtime, TimerHandle } from '../runtime.ts';
import { cutoffsFor, defaultPrivacySettings, type PrivacyStore, type PurgeCounts } from './privacy.ts';

/**
 * [GD2] Deletes what each tenant's retention periods no longer allow: once shortly after start,
 * then every `everyMs`. One tenant failing (its database write) does not stop the others.
 */
export class RetentionJob {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly store: PrivacyStore,
    private readonly runtime: Pick<Runtime, 'clock' | 'timers'>,
    private readonly report: (tenantId: string, result: PurgeCounts | Error) => void,
    private readonly everyMs = 3_600_000,
    private readonly firstAfterMs = 60_000,
  ) {}

  start(): void {
    this.schedule(this.firstAfterMs);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** One pass over every tenant; resolves with what each removed. */
  async runOnce(): Promise<Map<string, PurgeCounts>> {
    const results = new Map<string, PurgeCounts>();
    for (const tenantId of await this.store.tenantIds()) {
      try {
        const settings = (await this.store.privacySettings(tenantId)) ?? defaultPrivacySettings;
        const counts = await this.store.purge(tenantId, cutoffsFor(settings, this.runtime.clock.now()));
        results.set(tenantId, counts);
        this.report(tenantId, counts);
      } catch (error) {
        this.report(tenantId, error instanceof Error ? error : new Error(String(error)));
      }
    }
    return results;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.runtime.timers.setTimeout(() => {
      void this.runOnce().finally(() => this.schedule(this.everyMs));
    }, ms);
  }
}
