import type { FastifyInstance } from 'fastify';
import type { TransferTargets } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { requireConsultant } from './auth.ts';

/** The consultant's desk: where a conversation can be transferred to ([C12]). */
export function registerDeskRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/transfer-targets', async (request): Promise<TransferTargets> => {
    const consultant = await requireConsultant(services, request);
    const { consultants, links } = services.switchboard.transferTargets(consultant);
    return { consultants, links: links.map((l) => ({ id: l.id, name: l.name })) };
  });
}
