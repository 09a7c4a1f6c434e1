import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AssignLeftMessageBody,
  LeaveMessageBody,
  ParleyError,
  ReplyLeftMessageBody,
  type InboxAssigneeView,
  type LeftMessageView,
} from '@parley/protocol';
import { translatorFor } from '../../translators.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { PerKeyTokenBucket } from '../rateLimit.ts';
import { IdParams } from './adminShared.ts';
import { requireConsultant } from './auth.ts';
import { tellOwner } from '../../ws/tenantBinding.ts';

const KeyParams = z.object({ key: z.string().min(1).max(64) });

/** [I2] Messages one IP address may leave: a burst of 5, then one every 2 minutes. */
export const LEAVE_MESSAGE_LIMIT = { capacity: 5, refillMs: 2 * 60_000 };

/**
 * Leave-a-message (F-04): the public form visitors post when nobody can take their request,
 * and the consultants' inbox of those messages (docs/SPEC.md [I1]–[I4], [IB1]–[IB4]; the use
 * cases are the domain's `InboxService`).
 */
export function registerInboxRoutes(app: FastifyInstance, services: Services): void {
  const { directory, runtime } = services;
  const bucket = new PerKeyTokenBucket(runtime.clock, LEAVE_MESSAGE_LIMIT);

  // Posted by the visitor app, which runs on Parley's own origin: the [E9] CSRF rules apply.
  app.post('/api/v1/links/:key/messages', async (request, reply) => {
    const { key } = parse(KeyParams, request.params);
    const body = parse(LeaveMessageBody, request.body);
    const link = await directory.links.findLinkByKey(key);
    if (!link) throw new ParleyError('link_not_found');
    if (!bucket.take(request.ip)) throw new ParleyError('rate_limited');
    await directory.leftMessages.createLeftMessage({
      id: runtime.ids.next('msg'),
      tenantId: link.tenantId,
      linkId: link.id,
      name: body.name,
      email: body.email,
      text: body.text,
      createdAt: runtime.clock.now(),
      handledAt: null,
    });
    // [PL10] The tenant's owner tells its consoles and marks the request, wherever this lands.
    const { conversationId } = body;
    await tellOwner(services.placement, link.tenantId, async (live) => {
      await live.inboxChanged();
      if (conversationId) await live.noteLeftMessage(link.id, conversationId);
    });
    void reply.status(201);
    return { ok: true };
  });

  /** [I3] Admins see every message of their tenant; consultants those of links they are assigned to. */
  app.get('/api/v1/inbox', async (request): Promise<LeftMessageView[]> => {
    return services.inbox.list(await requireConsultant(services, request));
  });

  /** [I4][IB4] Marks a message handled, once, recording who. */
  app.post('/api/v1/inbox/:id/handled', async (request): Promise<LeftMessageView> => {
    const { id } = parse(IdParams, request.params);
    return services.inbox.markHandled(await requireConsultant(services, request), id);
  });

  /** [IB3] Assigns a message to a colleague who sees it, or to nobody. */
  app.post('/api/v1/inbox/:id/assign', async (request): Promise<LeftMessageView> => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(IdParams, request.params);
    const { consultantId } = parse(AssignLeftMessageBody, request.body);
    return services.inbox.assign(consultant, id, consultantId);
  });

  /** [IB2] Answers the visitor by e-mail. */
  app.post('/api/v1/inbox/:id/reply', async (request): Promise<LeftMessageView> => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(IdParams, request.params);
    const { text, locale } = parse(ReplyLeftMessageBody, request.body);
    return services.inbox.reply(consultant, id, text, translatorFor(locale));
  });

  /** [IB3] Colleagues messages may be assigned to. */
  app.get('/api/v1/inbox/assignees', async (request): Promise<InboxAssigneeView[]> => {
    return services.inbox.assignees(await requireConsultant(services, request));
  });
}
