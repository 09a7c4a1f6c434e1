import { ParleyError, type ClientMessage } from '@parley/protocol';
import type { Visitor } from '../../domain/tenants/directory.ts';
import type { Services } from '../services.ts';
import { consultantOf, visitorOf, type Greeted } from './greeted.ts';
import { requestSession } from './sessionCommands.ts';

export type ConversationMessage = Extract<
  ClientMessage,
  {
    type:
      | 'presence.set'
      | `conversation.${string}`
      | `broadcast.${string}`
      | 'chat.send'
      | 'rtc.signal'
      | 'call.media'
      | 'call.phone';
  }
>;

/** The connection a conversation command came in on. */
export interface ConversationCaller {
  greeted: Greeted;
  /** The visitor record behind a visitor connection (a session code is redeemed for it). */
  visitor: Visitor | undefined;
  /** The client's address: wrong session codes count against it ([AP5]). */
  address: string;
}

/**
 * Availability, conversations, broadcasts, chat and call signalling: the commands the tenant's
 * live state takes from consultants and visitors. Each checks the caller's role only when it runs.
 */
export async function handleConversationCommand(
  services: Services,
  caller: ConversationCaller,
  message: ConversationMessage,
): Promise<void> {
  const { greeted } = caller;
  const { actor, live: switchboard } = greeted;
  const consultant = (): string => consultantOf(greeted, message.type);
  const visitor = (): string => visitorOf(greeted, message.type);
  switch (message.type) {
    case 'presence.set':
      return switchboard.setAvailability(consultant(), message.available);
    case 'conversation.request': {
      if (message.sessionCode !== undefined) {
        if (!caller.visitor) throw new ParleyError('handshake_required');
        await requestSession(services, switchboard, caller.visitor, caller.address, message.sessionCode, message);
        return;
      }
      // [SV8] A visitor who accepted an invitation rings its consultant first.
      const { sites } = await services.siteVisitorsOf(switchboard.tenantId);
      const preferred = await sites.preferredConsultant(visitor());
      await switchboard.requestConversation(visitor(), message.name, message.setup, {
        ...(message.departmentId !== undefined && { departmentId: message.departmentId }),
        ...(preferred !== undefined && { preferredConsultantId: preferred }),
      });
      return;
    }
    case 'conversation.setup':
      return switchboard.reportSetup(visitor(), message.conversationId, message.setup);
    case 'conversation.cancel':
      return switchboard.cancel(visitor(), message.conversationId);
    case 'conversation.accept':
      return switchboard.accept(consultant(), message.conversationId);
    case 'conversation.decline':
      return switchboard.decline(consultant(), message.conversationId);
    case 'conversation.end':
      return switchboard.end(actor, message.conversationId);
    case 'conversation.queue':
      return switchboard.park(consultant(), message.conversationId);
    case 'conversation.pick':
      return switchboard.pick(consultant(), message.conversationId);
    case 'conversation.hold':
      return switchboard.setHold(consultant(), message.conversationId, true);
    case 'conversation.resume':
      return switchboard.setHold(consultant(), message.conversationId, false);
    case 'conversation.transfer':
      return switchboard.transfer(consultant(), message.conversationId, message.to, message.reason);
    case 'conversation.done': {
      const me = await services.directory.consultants.getConsultant(consultant());
      if (!me) throw new ParleyError('not_authenticated');
      await services.markDone.run(me, message.conversationId, {
        dispositionCode: message.disposition,
        notes: '',
      });
      return;
    }
    case 'broadcast.start':
      return switchboard.startBroadcast(consultant(), message.linkId);
    case 'broadcast.stop':
      return switchboard.stopBroadcast(consultant(), message.linkId);
    case 'broadcast.join':
      return switchboard.joinBroadcast(visitor());
    case 'broadcast.leave':
      return switchboard.leaveBroadcast(visitor());
    case 'chat.send':
      await switchboard.sendChat(actor, message.conversationId, message.clientId, message.text);
      return;
    case 'rtc.signal':
      return switchboard.relaySignal(actor, message.conversationId, message.signal);
    case 'call.media':
      return switchboard.setMediaState(actor, message.conversationId, message.state);
    case 'call.phone': {
      // [TP4] Only the call's own consultant switches it to telephone audio.
      const { telephony } = services;
      if (!telephony) throw new ParleyError('phone_unavailable');
      const sides = await switchboard.phoneSides(consultant(), message.conversationId);
      await telephony.deskOf(switchboard.tenantId).switchToPhone({ conversationId: message.conversationId, ...sides });
      return;
    }
    default: {
      const unreachable: never = message;
      throw new ParleyError('invalid_message', `unhandled ${String(unreachable)}`);
    }
  }
}
