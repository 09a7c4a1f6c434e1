import type { FastifyInstance } from 'fastify';
import { AutoInvitationRulesBody, ParleyError, SiteVisitorSettingsBody } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';
import { requireAdmin } from './adminShared.ts';

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

  /** [AI5] Automatic invitation rules: admins only, read and replaced as a whole. */
  app.get('/api/v1/admin/auto-invitations', async (request): Promise<AutoInvitationRulesBody> => {
    const admin = await requireAdmin(services, request);
    const rules = await services.siteVisitors.storedAutoInvitationRules(admin.tenantId);
    return { rules: rules.map(({ id: _id, ...rule }) => rule) };
  });

  app.put('/api/v1/admin/auto-invitations', async (request): Promise<AutoInvitationRulesBody> => {
    const admin = await requireAdmin(services, request);
    const body = parse(AutoInvitationRulesBody, request.body);
    const links = await services.directory.links.listLinks(admin.tenantId);
    if (body.rules.some((rule) => !links.some((link) => link.id === rule.linkId))) {
      throw new ParleyError('link_not_found', 'a rule names a link of another tenant or none');
    }
    const rules = body.rules.map((rule) => ({ ...rule, id: services.runtime.ids.next('air') }));
    await services.siteVisitors.setAutoInvitationRules(admin.tenantId, rules);
    // [PL32] The tenant's owner decides the invitations from its own copy of the rules.
    const { sites } = await services.siteVisitorsOf(admin.tenantId);
    await Promise.resolve(sites.rulesChanged()).catch((error: unknown) => {
      // The rules are stored: an owner out of reach loses its lease, and the next one reads them.
      if (!(error instanceof ParleyError && error.code === 'owner_unreachable')) throw error;
      request.log.warn({ err: error }, 'auto-invitation rules saved; their owner was not told');
    });
    return body;
  });
}
