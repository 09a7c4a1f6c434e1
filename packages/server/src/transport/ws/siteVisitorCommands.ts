import { ParleyError, type ClientMessage } from '@parley/protocol';
import type { Services } from '../services.ts';

export type SiteVisitorMessage = Extract<ClientMessage, { type: 'visitors.watch' | 'visitors.invite' }>;

/**
 * [SV5][SV7] The Visitors list and invitations, for consultants. Remembers whether the console
 * watches the list, so its close stops the watch.
 */
export class SiteVisitorCommands {
  private watching = false;

  constructor(
    private readonly services: Services,
    private readonly tenantId: string,
    private readonly consultantId: string,
  ) {}

  async handle(message: SiteVisitorMessage): Promise<void> {
    const { services, tenantId, consultantId } = this;
    const { sites: visitors } = await services.siteVisitorsOf(tenantId);
    if (message.type === 'visitors.watch') {
      if (message.watch === this.watching) return;
      this.watching = message.watch;
      if (message.watch) await visitors.watch(consultantId);
      else await visitors.unwatch(consultantId);
      return;
    }
    const me = await services.directory.consultants.getConsultant(consultantId);
    if (!me) throw new ParleyError('not_authenticated');
    await visitors.invite({ id: me.id, name: me.name }, message.visitId, message.text);
  }

  /** The connection closed: its watch ends. */
  async close(): Promise<void> {
    if (!this.watching) return;
    // Best effort: an owner that moved lost its watchers anyway, and a dead node's go with it ([PL31]).
    await this.services
      .siteVisitorsOf(this.tenantId)
      .then(({ sites }) => sites.unwatch(this.consultantId))
      .catch(() => undefined);
  }
}
