import type { FastifyInstance } from 'fastify';
import { CobrowseSettings, ParleyError, TenantSettings } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { allowedSitesFrom } from '../../guards/origins.ts';
import { requireConsultant } from './auth.ts';

/** [E8][EM1] Tenant settings: any consultant of the tenant may read them; only an admin may change them. */
export function registerSettingsRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/tenant/settings', async (request): Promise<TenantSettings> => {
    const consultant = await requireConsultant(services, request);
    return { allowedOrigins: await services.directory.tenants.getAllowedOrigins(consultant.tenantId) };
  });

  app.put('/api/v1/tenant/settings', async (request): Promise<TenantSettings> => {
    const consultant = await requireConsultant(services, request);
    if (consultant.role !== 'admin') throw new ParleyError('forbidden', 'only an admin may change tenant settings');
    const body = parse(TenantSettings, request.body);
    const allowedOrigins = allowedSitesFrom(body.allowedOrigins);
    await services.directory.tenants.setAllowedOrigins(consultant.tenantId, allowedOrigins);
    return { allowedOrigins };
  });

  // [CB8] Co-browsing control: consultants may click and type for the visitor (off by default).
  app.get('/api/v1/tenant/cobrowse', async (request): Promise<CobrowseSettings> => {
    const consultant = await requireConsultant(services, request);
    return { control: await services.directory.tenants.getCobrowseControl(consultant.tenantId) };
  });

  app.put('/api/v1/tenant/cobrowse', async (request): Promise<CobrowseSettings> => {
    const consultant = await requireConsultant(services, request);
    if (consultant.role !== 'admin') throw new ParleyError('forbidden', 'only an admin may change tenant settings');
    const body = parse(CobrowseSettings, request.body);
    await services.directory.tenants.setCobrowseControl(consultant.tenantId, body.control);
    return body;
  });
}
