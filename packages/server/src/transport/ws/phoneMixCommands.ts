import { ParleyError, type ClientMessage, type ServerMessage } from '@parley/protocol';
import type { Actor } from '../../domain/ports/actor.ts';
import { randomUUID } from 'node:crypto';
import type { PhoneDesk } from '../../telephony/phoneDesk.ts';

type PhoneMixMessage = Extract<ClientMessage, { type: `call.mix.${string}` }>;

export function isPhoneMixMessage(message: ClientMessage): message is PhoneMixMessage {
  return message.type.startsWith('call.mix.');
}

/**
 * [TP8] One connection's browser legs in calls' phone mixes: the answer goes straight back to
 * this socket, and the legs it opened leave the mix when it closes.
 */
export class PhoneMixCommands {
  private readonly calls = new Set<string>();
  /** This socket, as the owner of its legs ([TP10]), also on another node ([PL42]). */
  private readonly id = randomUUID();

  constructor(
    /** The tenant's telephony (here or on its owner node); null: no dial-in configured. */
    private readonly telephony: PhoneDesk | null,
    private readonly actor: Actor,
    private readonly send: (message: ServerMessage) => void,
  ) {}

  async handle(message: PhoneMixMessage): Promise<void> {
    const telephony = this.telephony;
    if (!telephony) throw new ParleyError('phone_unavailable');
    const { conversationId } = message;
    switch (message.type) {
      case 'call.mix.join': {
        this.calls.add(conversationId);
        const sdp = await telephony.joinMix(conversationId, this.actor, message.sdp, this.id);
        this.send({ type: 'call.mix.answer', conversationId, sdp });
        return;
      }
      case 'call.mix.candidate':
        return telephony.trickleMix(conversationId, this.actor, message.candidate);
      case 'call.mix.leave':
        this.calls.delete(conversationId);
        return telephony.leaveMix(conversationId, this.actor, this.id);
      default: {
        const unreachable: never = message;
        throw new ParleyError('invalid_message', `unhandled ${String(unreachable)}`);
      }
    }
  }

  /**
   * The socket closed: its browser is gone from every mix it was in — but not a leg its page opened
   * since on a new socket ([TP10]), which the server may see before this one's close.
   */
  closeAll(): void {
    for (const conversationId of this.calls)
      void this.telephony?.leaveMix(conversationId, this.actor, this.id).catch(() => undefined);
    this.calls.clear();
  }
}
