import { ParleyError, type ClientMessage, type ServerMessage, type VisitorContext } from '@parley/protocol';
import type { Consultant, Visitor } from '../../domain/tenants/directory.ts';
import type { Services } from '../services.ts';
import { translatorFor } from '../translators.ts';

export type ContextTeamTranscriptMessage = Extract<
  ClientMessage,
  { type: 'visitor.context' | 'team.send' | 'transcript.send' }
>;

/** Who is on a greeted connection, as these commands need them. */
export type Participant = { role: 'visitor'; visitor: Visitor } | { role: 'consultant'; consultantId: string };

/** [K2][D1] Identity and attached data from the embedding page; invalid signatures are ignored. */
export async function applyVisitorContext(
  services: Services,
  visitor: Visitor,
  context: VisitorContext,
): Promise<void> {
  const contact = await services.contacts.applyContext(visitor.tenantId, visitor.id, context);
  if (contact) await (await services.siteVisitorsOf(visitor.tenantId)).sites.showContact(visitor.id, contact);
}

/**
 * [SV8][CT1] The visitor app names the live site visit it runs in: the visitor's row shows its
 * conversations, and a visitor with no contact gets the contact of the visit's browser.
 */
export async function linkSiteVisit(services: Services, visitor: Visitor, visitId: string): Promise<void> {
  const { sites } = await services.siteVisitorsOf(visitor.tenantId);
  const visitorKey = await sites.appConnected(visitId, visitor.id);
  if (!visitorKey) return;
  const contact = await services.contacts.attachAnonymous(visitor.tenantId, visitor.id, visitorKey);
  if (contact) await sites.showContact(visitor.id, contact);
}

/**
 * The WebSocket commands beside the live state (F-22, F-23, F-27, F-30): a visitor's signed
 * context, team chat and transcripts. The gateway validates the frame, then hands it here with the
 * participant it belongs to.
 */
export async function handleContextTeamTranscript(
  services: Services,
  who: Participant,
  message: ContextTeamTranscriptMessage,
  reply: (message: ServerMessage) => void,
): Promise<void> {
  switch (message.type) {
    case 'visitor.context': {
      if (who.role !== 'visitor') throw new ParleyError('forbidden', 'visitor.context is for visitors');
      await applyVisitorContext(services, who.visitor, message.context);
      return;
    }
    case 'team.send': {
      if (who.role !== 'consultant') throw new ParleyError('forbidden', 'team.send is for consultants');
      const sender = await activeConsultant(services, who.consultantId);
      await services.team.send(sender, message.clientId, message.to, message.text);
      return;
    }
    case 'transcript.send': {
      if (who.role !== 'visitor') throw new ParleyError('forbidden', 'consultants send transcripts over REST');
      const { visitor } = who;
      const conversation = await services.conversationDetails.conversationOfVisitor(visitor, message.conversationId);
      const t = translatorFor(message.locale);
      await services.transcripts.send(
        conversation,
        `visitor:${visitor.id}`,
        message.email,
        t,
        t('visitor.defaultName'),
      );
      reply({ type: 'transcript.sent', conversationId: conversation.id });
      return;
    }
    default: {
      const unreachable: never = message;
      throw new ParleyError('invalid_message', `unhandled ${String(unreachable)}`);
    }
  }
}

async function activeConsultant(services: Services, id: string): Promise<Consultant> {
  const consultant = await services.directory.consultants.getConsultant(id);
  if (!consultant?.active) throw new ParleyError('forbidden', 'this account is deactivated');
  return consultant;
}
