import {
  ParleyError,
  type ClientMessage,
  type ServerMessage,
  type VisitorContext,
  type WrapUpView,
} from '@parley/protocol';
import type { Consultant, Visitor } from '../../domain/tenants/directory.ts';
import type { Services } from '../services.ts';
import { translatorFor } from '../translators.ts';

export type DeskMessage = Extract<ClientMessage, { type: 'visitor.context' | 'team.send' | 'transcript.send' }>;

/** Who is on a greeted connection, as the desk's commands need them. */
export type DeskParticipant = { role: 'visitor'; visitor: Visitor } | { role: 'consultant'; consultantId: string };

/** [K2][D1] Identity and attached data from the embedding page; invalid signatures are ignored. */
export async function applyVisitorContext(
  services: Services,
  visitor: Visitor,
  context: VisitorContext,
): Promise<void> {
  await services.desk.contacts.applyContext(visitor.tenantId, visitor.id, context);
}

/**
 * The WebSocket commands of the desk (F-22, F-23, F-27, F-30), kept out of the gateway's core:
 * the gateway validates the frame, then hands it here with the participant it belongs to.
 */
export async function handleDeskMessage(
  services: Services,
  who: DeskParticipant,
  message: DeskMessage,
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
      await services.desk.team.send(sender, message.clientId, message.to, message.text);
      return;
    }
    case 'transcript.send': {
      if (who.role !== 'visitor') throw new ParleyError('forbidden', 'consultants send transcripts over REST');
      const { visitor } = who;
      const conversation = await services.desk.desk.conversationOfVisitor(visitor, message.conversationId);
      const t = translatorFor(message.locale);
      await services.desk.transcripts.send(
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

/**
 * [N2][N3][C13] Mark as done, from the REST route or the `conversation.done` message: the
 * disposition is checked against the tenant's codes and rule, the lifecycle moves the conversation
 * to `done` (the switchboard's own checks: ended, and this consultant's), then the wrap-up is stored.
 */
export async function markDone(
  services: Services,
  consultant: Consultant,
  conversationId: string,
  body: { dispositionCode: string | null; notes: string },
): Promise<WrapUpView> {
  const { wrapUps } = services.desk;
  const { settings } = await wrapUps.check(consultant.tenantId, body.dispositionCode);
  await services.live
    .of(consultant.tenantId)
    .markDone(consultant, conversationId, body.dispositionCode, settings.dispositionRequired);
  return wrapUps.recordWrapUp(
    consultant.tenantId,
    conversationId,
    { consultantId: consultant.id, consultantName: consultant.name },
    body,
  );
}

async function activeConsultant(services: Services, id: string): Promise<Consultant> {
  const consultant = await services.directory.getConsultant(id);
  if (!consultant?.active) throw new ParleyError('forbidden', 'this account is deactivated');
  return consultant;
}
