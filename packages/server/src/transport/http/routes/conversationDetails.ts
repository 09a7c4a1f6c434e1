import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ContactBody,
  ContactMergeBody,
  ContactSearchQuery,
  CustomValuesBody,
  DoneBody,
  NoteBody,
  PersonalCannedBody,
  TranscriptBody,
  type CannedResponseView,
  type ContactDetail,
  type ContactView,
  type ConversationDeskView,
  type NoteView,
  type TransferTargets,
  type WrapUpView,
} from '@parley/protocol';
import { contactView } from '../../../domain/contacts/contacts.ts';
import type { Services } from '../../services.ts';
import { translatorFor } from '../../translators.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';

const Params = z.object({ id: z.string().min(1).max(64) });

/**
 * The consultant's side of the desk (F-21–F-24, F-30). Every route needs a session and is scoped
 * to the consultant's tenant; conversation routes to conversations they handled ([N1]).
 */
export function registerConversationDetailRoutes(app: FastifyInstance, services: Services): void {
  const { conversationDetails: desk, contacts, wrapUps, transcripts, cannedResponses: canned } = services;

  /** [C12] Where a conversation can be transferred to. */
  app.get('/api/v1/transfer-targets', async (request): Promise<TransferTargets> => {
    const consultant = await requireConsultant(services, request);
    // [PL9] The owner's live state knows who is available, wherever the request lands.
    const { live } = await services.placement.bind(consultant.tenantId);
    const { consultants, links } = await live.transferTargets(consultant);
    return { consultants, links: links.map((l) => ({ id: l.id, name: l.name })) };
  });

  app.get('/api/v1/conversations/:id/desk', async (request): Promise<ConversationDeskView> => {
    const consultant = await requireConsultant(services, request);
    return desk.view(consultant, parse(Params, request.params).id);
  });

  app.post('/api/v1/conversations/:id/notes', async (request): Promise<NoteView> => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(Params, request.params);
    const { text } = parse(NoteBody, request.body);
    await desk.conversationFor(consultant, id);
    return wrapUps.addNote(consultant.tenantId, id, { id: consultant.id, name: consultant.name }, text);
  });

  app.put('/api/v1/conversations/:id/custom-data', async (request) => {
    const consultant = await requireConsultant(services, request);
    const { values } = parse(CustomValuesBody, request.body);
    await desk.setCustomValues(consultant, parse(Params, request.params).id, values);
    return { ok: true };
  });

  /** [N2][C13] "Mark as done" after the end: the lifecycle moves on, disposition and notes are stored. */
  app.post('/api/v1/conversations/:id/done', async (request): Promise<WrapUpView> => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(Params, request.params);
    return services.markDone.run(consultant, id, parse(DoneBody, request.body ?? {}));
  });

  /** [Y1] The consultant e-mails the transcript to an address of their choice. */
  app.post('/api/v1/conversations/:id/transcript', async (request) => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(Params, request.params);
    const { email, locale } = parse(TranscriptBody, request.body);
    const conversation = await desk.conversationFor(consultant, id);
    const t = translatorFor(locale);
    await transcripts.send(conversation, `consultant:${consultant.id}`, email, t, t('visitor.defaultName'));
    return { ok: true };
  });

  /** [K4] Contacts of the consultant's tenant, searched by name, e-mail or customer id. */
  app.get('/api/v1/contacts', async (request): Promise<ContactView[]> => {
    const consultant = await requireConsultant(services, request);
    const { q } = parse(ContactSearchQuery, request.query);
    return (await contacts.search(consultant.tenantId, q)).map(contactView);
  });

  app.get('/api/v1/contacts/:id', async (request): Promise<ContactDetail> => {
    const consultant = await requireConsultant(services, request);
    return contacts.detail(consultant, parse(Params, request.params).id);
  });

  /** [CT3] A contact typed in by a consultant. */
  app.post('/api/v1/contacts', async (request): Promise<ContactView> => {
    const consultant = await requireConsultant(services, request);
    return contactView(await contacts.create(consultant.tenantId, parse(ContactBody, request.body)));
  });

  /** [CT3] A consultant corrects or completes a contact. */
  app.put('/api/v1/contacts/:id', async (request): Promise<ContactView> => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(Params, request.params);
    return contactView(await contacts.update(consultant.tenantId, id, parse(ContactBody, request.body)));
  });

  /** [CT4] Two contacts become one: the survivor stays, the other is deleted; the merge is recorded. */
  app.post('/api/v1/contacts/merge', async (request): Promise<ContactView> => {
    const consultant = await requireConsultant(services, request);
    const { survivorId, mergedId } = parse(ContactMergeBody, request.body);
    const survivor = await contacts.merge(consultant.tenantId, survivorId, mergedId, consultant.id);
    request.log.info({ consultantId: consultant.id, survivorId, mergedId }, 'contacts merged');
    return contactView(survivor);
  });

  /** [CR2][CR3] The canned responses this consultant may use: their own, their department's, the tenant's. */
  app.get('/api/v1/canned-responses', async (request): Promise<CannedResponseView[]> => {
    const consultant = await requireConsultant(services, request);
    return canned.usableBy(consultant);
  });
  /** [CR4] One insertion into the chat input. */
  app.post('/api/v1/canned-responses/:id/use', async (request) => {
    const consultant = await requireConsultant(services, request);
    return canned.recordUse(consultant, parse(Params, request.params).id);
  });
  /** [CR2] A consultant's own canned responses. */
  app.post('/api/v1/my/canned-responses', async (request): Promise<CannedResponseView> => {
    const consultant = await requireConsultant(services, request);
    return canned.createPersonal(consultant, parse(PersonalCannedBody, request.body));
  });
  app.put('/api/v1/my/canned-responses/:id', async (request): Promise<CannedResponseView> => {
    const consultant = await requireConsultant(services, request);
    const { id } = parse(Params, request.params);
    return canned.updatePersonal(consultant, id, parse(PersonalCannedBody, request.body));
  });
  app.delete('/api/v1/my/canned-responses/:id', async (request) => {
    const consultant = await requireConsultant(services, request);
    await canned.deletePersonal(consultant, parse(Params, request.params).id);
    return { ok: true };
  });
}
