import type { SiteVisitorView } from '@parley/protocol';
import type { ParleyConnection } from './connection.ts';
import { Emitter } from './emitter.ts';

/**
 * [SV5]–[SV7] The console's live Visitors list over the consultant's connection: `watch()` asks
 * for it (again after every reconnect), and every change is pushed; nothing polls.
 */
export class SiteVisitors extends Emitter<{ change: readonly SiteVisitorView[] }> {
  private visitors = new Map<string, SiteVisitorView>();
  private watching = false;

  constructor(private readonly connection: ParleyConnection) {
    super();
    connection.on('welcome', () => {
      if (this.watching) connection.send({ type: 'visitors.watch', watch: true });
    });
    connection.on('visitors.list', (m) => {
      if (!this.watching) return;
      this.visitors = new Map(m.visitors.map((v) => [v.visitId, v]));
      this.changed();
    });
    connection.on('visitors.updated', ({ visitor }) => {
      if (!this.watching) return;
      this.visitors.set(visitor.visitId, visitor);
      this.changed();
    });
    connection.on('visitors.left', ({ visitId }) => {
      if (this.visitors.delete(visitId)) this.changed();
    });
  }

  /** Visitors on the tenant's sites now, the latest arrival first. */
  get list(): readonly SiteVisitorView[] {
    return [...this.visitors.values()].sort((a, b) => b.startedAt - a.startedAt || a.visitId.localeCompare(b.visitId));
  }

  watch(on: boolean): void {
    if (on === this.watching) return;
    this.watching = on;
    if (!on) {
      this.visitors.clear();
      this.changed();
    }
    this.connection.send({ type: 'visitors.watch', watch: on });
  }

  /** [SV7] Invites a visitor; `text` null sends the default invitation in the visitor's language. */
  invite(visitId: string, text: string | null): void {
    this.connection.send({ type: 'visitors.invite', visitId, text });
  }

  private changed(): void {
    this.emit('change', this.list);
  }
}
