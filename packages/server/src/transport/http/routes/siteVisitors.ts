import type { FastifyInstance } from 'fastify';
import { ParleyError, SiteVisitorSettingsBody } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';

/** [SV1][SV4] Site-visitor settings: any consultant of the tenant reads them; only an admin changes them. */
export function registerSiteVisitorRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/tenant/site-visitors', async (request): Promise<SiteVisitorSettingsBody> => {
    const consultant = await requireConsultant(services, request);
    return services.siteVisitors.settings(consultant.tenantId);
  });

  app.put('/api/v1/tenant/site-visitors', async (request): Promise<SiteVisitorSettingsBody> => {
    const consultant = await requireConsultant(services, request);
    if (consultant.role !== 'admin') throw new ParleyError('forbidden', 'only an admin may change tenant settings');
    const body = parse(SiteVisitorSettingsBody, request.body);
    await services.siteVisitors.setSettings(consultant.tenantId, body);
    return body;
  });
}
