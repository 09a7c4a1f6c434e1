import { ParleyError, type ClientMessage, type ServerMessage } from '@parley/protocol';
import type { Actor } from '../../domain/ports/actor.ts';
import type { LiveCommands } from '../../cluster/placement.ts';
import type { Services } from '../services.ts';

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
    private readonly services: Services,
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

  private async signal(message: Exclude<MediaMessage, { type: `conference.${string}` }>): Promise<void> {
    const media = this.services.media;
    if (!media) throw new ParleyError('media_unavailable');
    switch (message.type) {
      case 'media.publish': {
        this.legs.add(message.leg);
        const sdp = await media.publish(
          this.live.tenantId,
          this.actor,
          message.room,
          message.leg,
          message.sdp,
          message.source,
        );
        this.send({ type: 'media.answer', leg: message.leg, sdp });
        return;
      }
      case 'media.subscribe': {
        this.legs.add(message.leg);
        const sdp = await media.subscribe(this.live.tenantId, this.actor, message.room, message.leg, message.feed);
        this.send({ type: 'media.offer', leg: message.leg, sdp });
        return;
      }
      case 'media.start':
        return media.start(this.actor, message.leg, message.sdp);
      case 'media.candidate':
        return media.trickle(this.actor, message.leg, message.candidate);
      case 'media.layer':
        return media.selectLayer(this.actor, message.leg, message.substream);
      case 'media.close':
        this.legs.delete(message.leg);
        return media.close(this.actor, message.leg);
      default: {
        const unreachable: never = message;
        throw new ParleyError('invalid_message', `unhandled ${String(unreachable)}`);
      }
    }
  }

  /** The socket closed: its peer connections are gone with the page. */
  async closeAll(): Promise<void> {
    const media = this.services.media;
    if (!media) return;
    for (const leg of this.legs) await media.close(this.actor, leg);
    this.legs.clear();
  }
}
