import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CannedResponseBody,
  CustomFieldBody,
  DeskSettings,
  DispositionBody,
  ParleyError,
  UpdateDispositionBody,
  type CannedResponseView,
  type CustomFieldView,
  type DispositionView,
} from '@parley/protocol';
import type { Consultant } from '../../../domain/tenants/directory.ts';
import { toDispositionView } from '../../../domain/wrapup/wrapUp.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';

const Params = z.object({ id: z.string().min(1).max(64) });

async function requireAdmin(services: Services, request: FastifyRequest): Promise<Consultant> {
  const consultant = await requireConsultant(services, request);
  if (consultant.role !== 'admin') throw new ParleyError('forbidden', 'administrators only');
  return consultant;
}

/**
 * Admin settings of the desk, scoped to the admin's tenant: disposition codes and the
 * "required" switch (F-21), custom data fields (F-22), canned responses (F-24) and the visitor
 * identity secret (F-23).
 */
export function registerConversationDataAdminRoutes(app: FastifyInstance, services: Services): void {
  const {
    wrapUpStore: store,
    customDataStore: data,
    contacts,
    wrapUps,
    conversationDetails: desk,
    cannedResponses: canned,
  } = services;

  app.get('/api/v1/admin/dispositions', async (request): Promise<DispositionView[]> => {
    const admin = await requireAdmin(services, request);
    return (await store.listDispositions(admin.tenantId)).map(toDispositionView);
  });
  app.post('/api/v1/admin/dispositions', async (request): Promise<DispositionView> => {
    const admin = await requireAdmin(services, request);
    const { code, label } = parse(DispositionBody, request.body);
    return wrapUps.createDisposition(admin.tenantId, code, label);
  });
  app.patch('/api/v1/admin/dispositions/:id', async (request): Promise<DispositionView> => {
    const admin = await requireAdmin(services, request);
    const { id } = parse(Params, request.params);
    if (!(await store.updateDisposition(admin.tenantId, id, parse(UpdateDispositionBody, request.body)))) {
      throw new ParleyError('disposition_not_found');
    }
    const updated = (await store.listDispositions(admin.tenantId)).find((d) => d.id === id);
    if (!updated) throw new ParleyError('disposition_not_found');
    return toDispositionView(updated);
  });

  app.get('/api/v1/admin/desk-settings', async (request): Promise<DeskSettings> => {
    const admin = await requireAdmin(services, request);
    return store.deskSettings(admin.tenantId);
  });
  app.put('/api/v1/admin/desk-settings', async (request): Promise<DeskSettings> => {
    const admin = await requireAdmin(services, request);
    const settings = parse(DeskSettings, request.body);
    await store.saveDeskSettings(admin.tenantId, settings);
    return settings;
  });

  app.get('/api/v1/admin/custom-fields', async (request): Promise<CustomFieldView[]> => {
    const admin = await requireAdmin(services, request);
    return (await data.listCustomFields(admin.tenantId)).map(({ id, label, position }) => ({ id, label, position }));
  });
  app.post('/api/v1/admin/custom-fields', async (request): Promise<CustomFieldView> => {
    const admin = await requireAdmin(services, request);
    const { label, position } = parse(CustomFieldBody, request.body);
    return desk.createCustomField(admin.tenantId, label, position);
  });
  app.delete('/api/v1/admin/custom-fields/:id', async (request) => {
    const admin = await requireAdmin(services, request);
    if (!(await data.deleteCustomField(admin.tenantId, parse(Params, request.params).id))) {
      throw new ParleyError('not_found');
    }
    return { ok: true };
  });

  /** [CR1][CR4] The shared canned responses (tenant-wide and per department) with their use counts. */
  app.get('/api/v1/admin/canned-responses', async (request): Promise<CannedResponseView[]> => {
    const admin = await requireAdmin(services, request);
    return canned.shared(admin.tenantId);
  });
  /** [T3] A department named in the body must be the admin's tenant's. */
  const sharedBody = async (admin: Consultant, body: unknown): Promise<CannedResponseBody> => {
    const parsed = parse(CannedResponseBody, body);
    if (parsed.departmentId !== null) {
      const departments = await services.directory.departments.listDepartments(admin.tenantId);
      if (!departments.some((d) => d.id === parsed.departmentId)) {
        throw new ParleyError('not_found', 'no such department');
      }
    }
    return parsed;
  };
  app.post('/api/v1/admin/canned-responses', async (request): Promise<CannedResponseView> => {
    const admin = await requireAdmin(services, request);
    return canned.createShared(admin.tenantId, await sharedBody(admin, request.body));
  });
  app.put('/api/v1/admin/canned-responses/:id', async (request): Promise<CannedResponseView> => {
    const admin = await requireAdmin(services, request);
    const { id } = parse(Params, request.params);
    return canned.updateShared(admin.tenantId, id, await sharedBody(admin, request.body));
  });
  app.delete('/api/v1/admin/canned-responses/:id', async (request) => {
    const admin = await requireAdmin(services, request);
    await canned.deleteShared(admin.tenantId, parse(Params, request.params).id);
    return { ok: true };
  });

  /** [K1] The identity secret: shown to admins only, never cached, rotated on POST. */
  app.get('/api/v1/admin/identity-secret', async (request, reply) => {
    const admin = await requireAdmin(services, request);
    void reply.header('cache-control', 'no-store');
    return { secret: await contacts.secret(admin.tenantId) };
  });
  app.post('/api/v1/admin/identity-secret', async (request, reply) => {
    const admin = await requireAdmin(services, request);
    void reply.header('cache-control', 'no-store');
    return { secret: await contacts.rotateSecret(admin.tenantId) };
  });
}
