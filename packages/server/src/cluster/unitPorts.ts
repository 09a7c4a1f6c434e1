import { ParleyError, type ServerMessage } from '@parley/protocol';
import type { ConversationStore } from '../domain/ports/conversationStore.ts';
import type { Outbox, Recipient } from '../domain/ports/outbox.ts';

/**
 * [PL1] The store of a tenant unit this node does not hold (an HTTP route reached `live.of` for a
 * tenant owned elsewhere): it reads, but every write is refused as a late writer's would be.
 */
export function refusingStore(store: ConversationStore): ConversationStore {
  const refuse = (): Promise<never> => Promise.reject(new ParleyError('lease_lost'));
  return {
    saveConversation: refuse,
    saveDone: refuse,
    appendMessages: refuse,
    appendNote: refuse,
    savePresence: refuse,
    saveBroadcast: refuse,
    saveConference: refuse,
    savePhoneCall: refuse,
    getConversation: (tenantId, id) => store.getConversation(tenantId, id),
    listMessages: (tenantId, id) => store.listMessages(tenantId, id),
    listNotes: (tenantId, id) => store.listNotes(tenantId, id),
    recentHandlingTimes: (tenantId, linkId, limit) => store.recentHandlingTimes(tenantId, linkId, limit),
    listOpenConversations: () => store.listOpenConversations(),
    listAvailableConsultantIds: () => store.listAvailableConsultantIds(),
    listBroadcasts: () => store.listBroadcasts(),
    listConferences: () => store.listConferences(),
    listPhoneCalls: (tenantId) => store.listPhoneCalls(tenantId),
  };
}

/**
 * The outbox of one held lease: it goes quiet when the lease is lost, so timers of a dropped unit
 * (a ring timeout, a grace period) tell no client anything the new owner did not decide.
 */
export class LeaseOutbox implements Outbox {
  private open = true;

  /** @param holds whether the lease is still held now (a timer may fire before `close`). */
  constructor(
    private readonly outbox: Outbox,
    private readonly holds: () => boolean = () => true,
  ) {}

  send(to: Recipient, message: ServerMessage): void {
    if (this.open && this.holds()) this.outbox.send(to, message);
  }

  close(): void {
    this.open = false;
  }
}

/** A unit that is not this node's tells nobody anything. */
export const silentOutbox: Outbox = { send: () => undefined };
