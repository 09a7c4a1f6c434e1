import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppointmentInput, SessionCodeCheckBody, type SessionCodeCheck } from '@parley/protocol';
import { pickLocale } from '@parley/i18n/core';
import type { Services } from '../../services.ts';
import { translatorFor } from '../../translators.ts';
import { parse } from '../errors.ts';
import { IdParams } from './adminShared.ts';
import { requireConsultant } from './auth.ts';
import { sessionCodePage } from './sessionPage.ts';

function acceptedLanguages(request: FastifyRequest): string[] {
  const header = request.headers['accept-language'] ?? '';
  return header
    .split(',')
    .map((part) => part.split(';')[0]?.trim() ?? '')
    .filter((tag) => tag !== '');
}

/**
 * [AP1]–[AP8] Appointments in the console (plan, list, reschedule, cancel), the public session
 * code check, and the plain `/s` page where a guest types a code or opens their personal link.
 */
export function registerAppointmentRoutes(app: FastifyInstance, services: Services): void {
  const { appointments } = services;

  app.get('/api/v1/appointments', async (request) => {
    const me = await requireConsultant(services, request);
    return { appointments: await appointments.upcoming(me) };
  });

  app.post('/api/v1/appointments', async (request, reply) => {
    const me = await requireConsultant(services, request);
    const issued = await appointments.plan(me, parse(AppointmentInput, request.body));
    void reply.status(201);
    return issued;
  });

  app.put('/api/v1/appointments/:id', async (request) => {
    const me = await requireConsultant(services, request);
    const { id } = parse(IdParams, request.params);
    return appointments.reschedule(me, id, parse(AppointmentInput, request.body));
  });

  app.delete('/api/v1/appointments/:id', async (request) => {
    const me = await requireConsultant(services, request);
    const { id } = parse(IdParams, request.params);
    return appointments.cancel(me, id);
  });

  // [AP4][AP5] Public: where a code leads. Wrong ones count against the address.
  app.post('/api/v1/session-codes/check', async (request): Promise<SessionCodeCheck> => {
    const { code } = parse(SessionCodeCheckBody, request.body);
    const { appointment, link } = await appointments.check(code, request.ip);
    return { linkKey: link.key, guestName: appointment.guestName, locale: appointment.locale };
  });

  // [AP8] The plain page: typed codes, and personal links (`/s/ABCD-2345`, the code filled in).
  const page = (request: FastifyRequest) => {
    const locale = pickLocale(acceptedLanguages(request));
    return sessionCodePage(locale, translatorFor(locale));
  };
  app.get('/s', (request, reply) => reply.type('text/html; charset=utf-8').send(page(request)));
  app.get('/s/:code', (request, reply) => reply.type('text/html; charset=utf-8').send(page(request)));
}
