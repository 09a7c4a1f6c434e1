import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LeaveMessageBody, ParleyError, type LeftMessageView } from '@parley/protocol';
import type { LeftMessage } from '../../../domain/tenants/directory.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { PerKeyTokenBucket } from '../rateLimit.ts';
import { IdParams, notFound } from './adminShared.ts';
import { requireConsultant } from './auth.ts';

const KeyParams = z.object({ key: z.string().min(1).max(64) });

/** [I2] Messages one IP address may leave: a burst of 5, then one every 2 minutes. */
export const LEAVE_MESSAGE_LIMIT = { capacity: 5, refillMs: 2 * 60_000 };

/**
 * Leave-a-message (F-04): the public form visitors post when nobody can take their request,
 * and the consultants' inbox of those messages (docs/SPEC.md [I1]–[I4]).
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
    services.live.of(link.tenantId).inboxChanged();
    void reply.status(201);
    return { ok: true };
  });

  /** [I3] Admins see every message of their tenant; consultants those of links they are assigned to. */
  async function visibleMessages(request: Parameters<typeof requireConsultant>[1]) {
    const consultant = await requireConsultant(services, request);
    const links = await directory.links.listLinks(consultant.tenantId);
    const mine =
      consultant.role === 'admin'
        ? new Set(links.map((l) => l.id))
        : new Set(await directory.links.linkIdsOfConsultant(consultant.tenantId, consultant.id));
    const names = new Map(links.map((l) => [l.id, l.name]));
    const messages = (await directory.leftMessages.listLeftMessages(consultant.tenantId)).filter((m) =>
      mine.has(m.linkId),
    );
    return { consultant, messages, names };
  }

  const toView = (m: LeftMessage, names: Map<string, string>): LeftMessageView => ({
    id: m.id,
    linkId: m.linkId,
    linkName: names.get(m.linkId) ?? '',
    name: m.name,
    email: m.email,
    text: m.text,
    createdAt: m.createdAt,
    handledAt: m.handledAt,
  });

  app.get('/api/v1/inbox', async (request): Promise<LeftMessageView[]> => {
    const { messages, names } = await visibleMessages(request);
    return messages.map((m) => toView(m, names));
  });

  app.post('/api/v1/inbox/:id/handled', async (request): Promise<LeftMessageView> => {
    const { id } = parse(IdParams, request.params);
    const { consultant, messages, names } = await visibleMessages(request);
    const message = messages.find((m) => m.id === id);
    if (!message) throw notFound('message');
    const at = message.handledAt ?? runtime.clock.now();
    if (!(await directory.leftMessages.markLeftMessageHandled(consultant.tenantId, id, at))) throw notFound('message');
    if (message.handledAt === null) services.live.of(consultant.tenantId).inboxChanged();
    return toView({ ...message, handledAt: at }, names);
  });
}
