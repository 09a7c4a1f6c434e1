import { ParleyError, type ClientMessage, type ServerMessage } from '@parley/protocol';
import type { Actor } from '../../domain/ports/actor.ts';
import type { LiveCommands } from '../../cluster/placement.ts';

type MediaMessage = Extract<ClientMessage, { type: `media.${string}` } | { type: `conference.${string}` }>;

export function isMediaMessage(message: ClientMessage): message is MediaMessage {
  return message.type.startsWith('media.') || message.type.startsWith('conference.');
}

/**
 * [S1]–[S6] SFU signalling and conference commands of one connection. Answers to this socket's
 * own legs go straight back to it; the legs it opened are closed when it closes.
 */
export class MediaCommands {
  private readonly legs = new Set<string>();

  constructor(
    /** The live unit of the connection's tenant. */
    private readonly live: LiveCommands,
    private readonly actor: Actor,
    private readonly send: (message: ServerMessage) => void,
  ) {}

  async handle(message: MediaMessage): Promise<void> {
    const switchboard = this.live;
    const consultant = (): string => {
      if (this.actor.kind !== 'consultant') throw new ParleyError('forbidden', `${message.type} is for consultants`);
      return this.actor.consultantId;
    };
    switch (message.type) {
      case 'conference.invite':
        return switchboard.inviteToConference(consultant(), message.conversationId, message.consultantId);
      case 'conference.join':
        return switchboard.joinConference(consultant(), message.conversationId);
      case 'conference.decline':
        return switchboard.declineConference(consultant(), message.conversationId);
      case 'conference.leave':
        return switchboard.leaveConference(consultant(), message.conversationId);
      default:
        return this.signal(message);
    }
  }

  /**
   * [PL25] Signalling goes to the tenant's live unit, wherever it runs: on another node the
   * command is forwarded to the owner, whose media rooms and SFU hold the tenant's legs.
   */
  private async signal(message: Exclude<MediaMessage, { type: `conference.${string}` }>): Promise<void> {
    const live = this.live;
    switch (message.type) {
      case 'media.publish': {
        this.legs.add(message.leg);
        const sdp = await live.mediaPublish(this.actor, message.room, message.leg, message.sdp, message.source);
        this.send({ type: 'media.answer', leg: message.leg, sdp });
        return;
      }
      case 'media.subscribe': {
        this.legs.add(message.leg);
        const sdp = await live.mediaSubscribe(this.actor, message.room, message.leg, message.feed);
        this.send({ type: 'media.offer', leg: message.leg, sdp });
        return;
      }
      case 'media.start':
        return live.mediaStart(this.actor, message.leg, message.sdp);
      case 'media.candidate':
        return live.mediaTrickle(this.actor, message.leg, message.candidate);
      case 'media.layer':
        return live.mediaSelectLayer(this.actor, message.leg, message.substream);
      case 'media.close':
        this.legs.delete(message.leg);
        return live.mediaClose(this.actor, message.leg);
      default: {
        const unreachable: never = message;
        throw new ParleyError('invalid_message', `unhandled ${String(unreachable)}`);
      }
    }
  }

  /** The socket closed: its peer connections are gone with the page (an unreachable owner drops them itself). */
  async closeAll(): Promise<void> {
    for (const leg of this.legs) {
      await Promise.resolve()
        .then(() => this.live.mediaClose(this.actor, leg))
        .catch(() => undefined);
    }
    this.legs.clear();
  }
}
