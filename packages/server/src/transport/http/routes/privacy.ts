import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ContactErasure, ParleyError, PrivacySettingsBody, type ContactExport } from '@parley/protocol';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';

const ContactParams = z.object({ contactId: z.string().min(1).max(100) });

async function requireAdmin(services: Services, request: Parameters<typeof requireConsultant>[1]) {
  const consultant = await requireConsultant(services, request);
  if (consultant.role !== 'admin') throw new ParleyError('forbidden', 'only an admin may do this');
  return consultant;
}

/**
 * [GD1]–[GD4] Privacy: every consultant reads the tenant's retention periods (the console says
 * what is kept); only an admin changes them, applies them at once, or exports or erases a contact.
 */
export function registerPrivacyRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/tenant/privacy', async (request): Promise<PrivacySettingsBody> => {
    const consultant = await requireConsultant(services, request);
    return services.privacy.settings(consultant.tenantId);
  });

  app.put('/api/v1/tenant/privacy', async (request): Promise<PrivacySettingsBody> => {
    const admin = await requireAdmin(services, request);
    const body = parse(PrivacySettingsBody, request.body);
    await services.privacy.setSettings(admin.tenantId, body);
    return body;
  });

  app.post('/api/v1/admin/privacy/purge', async (request) => {
    const admin = await requireAdmin(services, request);
    const removed = await services.privacy.purgeNow(admin.tenantId);
    request.log.info({ removed }, 'retention applied by an admin');
    return { removed };
  });

  app.get('/api/v1/admin/contacts/:contactId/export', async (request, reply): Promise<ContactExport> => {
    const admin = await requireAdmin(services, request);
    const { contactId } = parse(ContactParams, request.params);
    const exported = await services.privacy.exportContact(admin.tenantId, contactId);
    // Logged without the contact's data: who asked, for which id.
    request.log.info({ contactId, by: admin.id }, 'contact exported');
    void reply.header('content-disposition', `attachment; filename="contact-${contactId}.json"`);
    return exported;
  });

  app.delete('/api/v1/admin/contacts/:contactId', async (request): Promise<ContactErasure> => {
    const admin = await requireAdmin(services, request);
    const { contactId } = parse(ContactParams, request.params);
    const erased = await services.privacy.eraseContact(admin.tenantId, contactId);
    request.log.info({ contactId, by: admin.id, removed: erased.removed }, 'contact erased');
    return erased;
  });
}
