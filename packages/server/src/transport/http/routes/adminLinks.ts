import type { FastifyInstance } from 'fastify';
import {
  CreateLinkBody,
  ParleyError,
  themeReadable,
  UpdateLinkBody,
  UpdateOfflineBody,
  type LinkTheme,
  type LinkView,
} from '@parley/protocol';
import { linkDefaults, type Link } from '../../../domain/tenants/directory.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import {
  checkConsultants,
  checkDepartment,
  IdParams,
  editableLink,
  notFound,
  requireAdmin,
  tenantLink,
  toLinkView,
} from './adminShared.ts';
import { requireConsultant } from './auth.ts';
import { registerOfflineImageRoutes } from './offlineImage.ts';
import { tellOwner } from '../../ws/tenantBinding.ts';

/** Makes the link's assignment exactly `wanted`: assigns the new, unassigns the dropped. */
async function assign(services: Services, link: Link, wanted: readonly string[]): Promise<void> {
  const { directory } = services;
  const current = new Set(await directory.links.consultantIdsOfLink(link.tenantId, link.id));
  const next = new Set(wanted);
  for (const id of next) if (!current.has(id)) await directory.links.assignConsultant(link.tenantId, link.id, id);
  for (const id of current) if (!next.has(id)) await directory.links.unassignConsultant(link.tenantId, link.id, id);
}

/** [EA10] The label must stay readable on the button (WCAG AA), whatever the client checked. */
function checkTheme(theme: LinkTheme | null | undefined): void {
  if (theme && !themeReadable(theme)) throw new ParleyError('low_contrast');
}

/**
 * Help links in the admin area (F-01, F-06, F-11), and the offline notice every consultant
 * assigned to a link may define (F-10). Scoped by the caller's tenant (docs/SPEC.md [T1]–[T7]).
 */
export function registerLinkAdminRoutes(app: FastifyInstance, services: Services): void {
  const { directory, runtime } = services;

  app.get('/api/v1/admin/links', async (request): Promise<LinkView[]> => {
    const admin = await requireAdmin(services, request);
    const links = await directory.links.listLinks(admin.tenantId);
    return Promise.all(links.map((l) => toLinkView(services, l)));
  });

  app.post('/api/v1/admin/links', async (request, reply): Promise<LinkView> => {
    const admin = await requireAdmin(services, request);
    const { consultantIds = [], ...settings } = parse(CreateLinkBody, request.body);
    checkTheme(settings.theme);
    await checkDepartment(services, admin.tenantId, settings.departmentId);
    await checkConsultants(services, admin.tenantId, consultantIds);
    const link: Link = {
      ...linkDefaults,
      ...settings,
      id: runtime.ids.next('link'),
      tenantId: admin.tenantId,
      // [T6] The public key in the embed code: random and unguessable, unlike the demo's.
      key: runtime.ids.secret().slice(0, 22),
    };
    await directory.links.createLink(link);
    await assign(services, link, consultantIds);
    await tellOwner(services.placement, admin.tenantId, (live) => live.directoryChanged());
    void reply.status(201);
    return toLinkView(services, link);
  });

  app.patch('/api/v1/admin/links/:id', async (request): Promise<LinkView> => {
    const admin = await requireAdmin(services, request);
    const { id } = parse(IdParams, request.params);
    const { consultantIds, ...patch } = parse(UpdateLinkBody, request.body);
    checkTheme(patch.theme);
    const link = await tenantLink(services, admin.tenantId, id);
    await checkDepartment(services, admin.tenantId, patch.departmentId);
    await checkConsultants(services, admin.tenantId, consultantIds);
    if (!(await directory.links.updateLink(admin.tenantId, id, patch))) throw notFound('link');
    if (consultantIds) await assign(services, link, consultantIds);
    await tellOwner(services.placement, admin.tenantId, (live) => live.directoryChanged());
    return toLinkView(services, await tenantLink(services, admin.tenantId, id));
  });

  /** [T7] The links the caller is assigned to: where a consultant defines the offline notice. */
  app.get('/api/v1/my/links', async (request): Promise<LinkView[]> => {
    const consultant = await requireConsultant(services, request);
    const ids = new Set(await directory.links.linkIdsOfConsultant(consultant.tenantId, consultant.id));
    const links = (await directory.links.listLinks(consultant.tenantId)).filter((l) => ids.has(l.id));
    return Promise.all(links.map((l) => toLinkView(services, l)));
  });

  app.patch('/api/v1/my/links/:id/offline', async (request): Promise<LinkView> => {
    const link = await editableLink(services, request);
    const body = parse(UpdateOfflineBody, request.body);
    await directory.links.updateLink(link.tenantId, link.id, { offlineText: body.offlineText });
    return toLinkView(services, await tenantLink(services, link.tenantId, link.id));
  });

  registerOfflineImageRoutes(app, services);
}
