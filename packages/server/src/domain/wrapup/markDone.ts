import type { DoneBody, WrapUpView } from '@parley/protocol';
import type { Consultant } from '../tenants/directory.ts';
import type { TenantLive } from '../live/tenantLive.ts';
import { toWrapUpView, type WrapUpService } from './wrapUp.ts';

/**
 * [C13][N2][N3] Mark as done, from the REST route or the `conversation.done` message. The
 * disposition is checked against the tenant's codes and rule; then, in the tenant's command chain,
 * the lifecycle moves the conversation to `done` (it must be ended, and this consultant's) and the
 * `done` state, the closing note and the wrap-up are stored in one transaction — a failed write
 * leaves the conversation ended, to be marked done again, never done without its wrap-up.
 *
 * `live` is the tenant's live state wherever it runs ([PL6]/[PL8]): in a cluster, the node holding
 * the tenant's lease stores the `done` state behind its fence and tells the consultant.
 */
export class MarkDone {
  constructor(
    private readonly live: (tenantId: string) => Promise<Pick<TenantLive, 'markDone'>>,
    private readonly wrapUps: WrapUpService,
  ) {}

  async run(consultant: Consultant, conversationId: string, body: DoneBody): Promise<WrapUpView> {
    const { tenantId } = consultant;
    const { disposition, settings } = await this.wrapUps.check(tenantId, body.dispositionCode);
    const by = { consultantId: consultant.id, consultantName: consultant.name };
    const closing = this.wrapUps.prepare(tenantId, conversationId, by, body, disposition);
    const live = await this.live(tenantId);
    await live.markDone(consultant, conversationId, body.dispositionCode, settings.dispositionRequired, closing);
    return toWrapUpView(closing.wrapUp);
  }
}
