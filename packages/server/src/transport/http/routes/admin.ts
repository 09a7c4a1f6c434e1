import type { FastifyInstance } from 'fastify';
import {
  DepartmentBody,
  InviteConsultantBody,
  ParleyError,
  UpdateConsultantBody,
  type ConsultantView,
  type DepartmentView,
  type InvitedConsultant,
  type PasswordReset,
} from '@parley/protocol';
import { hashPassword, oneTimePassword } from '../../../domain/auth/passwords.ts';
import type { Consultant, Department } from '../../../domain/tenants/directory.ts';
import type { Services } from '../../services.ts';
import { SESSION_COOKIE } from '../cookies.ts';
import { AttemptWindow } from '../../guards/limits.ts';
import { parse } from '../errors.ts';
import {
  checkDepartment,
  IdParams,
  notFound,
  requireAdmin,
  tenantConsultant,
  toConsultantView,
} from './adminShared.ts';
import { tellOwner } from '../../ws/tenantBinding.ts';

/** [E20] Invites of other tenants' e-mails a tenant may make before its invites pause for the window. */
export const FOREIGN_EMAIL_LIMIT = { hits: 5, windowMs: 60 * 60_000 };

const toDepartmentView = (d: Department): DepartmentView => ({ id: d.id, name: d.name });

/**
 * The admin area's departments (F-31) and consultants: admins only, scoped by their tenant
 * (docs/SPEC.md [T1]–[T5]).
 */
export function registerAdminRoutes(app: FastifyInstance, services: Services): void {
  const foreignEmailHits = new AttemptWindow(FOREIGN_EMAIL_LIMIT.hits, FOREIGN_EMAIL_LIMIT.windowMs, () =>
    services.runtime.clock.now(),
  );
  const { directory, runtime } = services;

  app.get('/api/v1/admin/departments', async (request): Promise<DepartmentView[]> => {
    const admin = await requireAdmin(services, request);
    return (await directory.departments.listDepartments(admin.tenantId)).map(toDepartmentView);
  });

  app.post('/api/v1/admin/departments', async (request, reply): Promise<DepartmentView> => {
    const admin = await requireAdmin(services, request);
    const body = parse(DepartmentBody, request.body);
    const department = { id: runtime.ids.next('dep'), tenantId: admin.tenantId, name: body.name };
    await directory.departments.createDepartment(department);
    void reply.status(201);
    return toDepartmentView(department);
  });

  app.patch('/api/v1/admin/departments/:id', async (request): Promise<DepartmentView> => {
    const admin = await requireAdmin(services, request);
    const { id } = parse(IdParams, request.params);
    const body = parse(DepartmentBody, request.body);
    if (!(await directory.departments.renameDepartment(admin.tenantId, id, body.name))) throw notFound('department');
    return { id, name: body.name };
  });

  app.get('/api/v1/admin/consultants', async (request): Promise<ConsultantView[]> => {
    const admin = await requireAdmin(services, request);
    const consultants = await directory.consultants.listConsultants(admin.tenantId);
    return Promise.all(consultants.map((c) => toConsultantView(services, c)));
  });

  app.post('/api/v1/admin/consultants', async (request, reply): Promise<InvitedConsultant> => {
    const admin = await requireAdmin(services, request);
    const body = parse(InviteConsultantBody, request.body);
    await checkDepartment(services, admin.tenantId, body.departmentId);
    // [E20] E-mails are unique across tenants (login is by e-mail alone), so a refusal tells the admin
    // the address has an account somewhere. Probing other tenants' accounts is kept rare: after a few
    // hits on them, every invite of the tenant is refused for a while, fresh addresses too, so the
    // answers stop telling taken from free.
    if (foreignEmailHits.retryAfter(admin.tenantId) > 0) throw new ParleyError('rate_limited');
    const existing = await directory.consultants.findConsultantByEmail(body.email);
    if (existing) {
      if (existing.tenantId !== admin.tenantId) foreignEmailHits.fail(admin.tenantId);
      throw new ParleyError('email_taken');
    }
    // Shown once to the admin, who hands it over; only its hash is stored. [U4] It is changed at first login.
    const initialPassword = oneTimePassword(runtime);
    const consultant: Consultant = {
      id: runtime.ids.next('con'),
      tenantId: admin.tenantId,
      email: body.email,
      name: body.name,
      role: body.role,
      passwordHash: await hashPassword(initialPassword),
      departmentId: body.departmentId,
      active: true,
      maxConversations: body.maxConversations,
      mustChangePassword: true,
    };
    await directory.consultants.createConsultant(consultant);
    await tellOwner(services.placement, admin.tenantId, (live) => live.directoryChanged());
    void reply.status(201);
    return { consultant: await toConsultantView(services, consultant), initialPassword };
  });

  app.patch('/api/v1/admin/consultants/:id', async (request): Promise<ConsultantView> => {
    const admin = await requireAdmin(services, request);
    const { id } = parse(IdParams, request.params);
    const patch = parse(UpdateConsultantBody, request.body);
    await tenantConsultant(services, admin.tenantId, id);
    // [T4] An admin cannot lock themselves out (and so the tenant never loses its last admin that way);
    // [OV1] a supervisor is no admin, so that is a demotion too.
    if (id === admin.id && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'))) {
      throw new ParleyError('self_lockout');
    }
    await checkDepartment(services, admin.tenantId, patch.departmentId);
    if (!(await directory.consultants.updateConsultant(admin.tenantId, id, patch))) throw notFound('consultant');
    await tellOwner(services.placement, admin.tenantId, (live) => live.directoryChanged());
    return toConsultantView(services, await tenantConsultant(services, admin.tenantId, id));
  });

  // [U5] A one-time password, shown once to the admin; every session of the account ends at once.
  app.post('/api/v1/admin/consultants/:id/reset-password', async (request): Promise<PasswordReset> => {
    const admin = await requireAdmin(services, request);
    const { id } = parse(IdParams, request.params);
    const target = await tenantConsultant(services, admin.tenantId, id);
    // An admin resetting themselves keeps the session they are using (they must change it next).
    const own = id === admin.id ? await services.auth.authenticateSession(request.cookies[SESSION_COOKIE]) : undefined;
    const oneTime = await services.auth.resetPassword(target, own?.session.id);
    request.log.info({ consultantId: id, by: admin.id }, 'password reset');
    return { oneTimePassword: oneTime };
  });
}
