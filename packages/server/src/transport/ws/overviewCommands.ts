import type { ClientMessage } from '@parley/protocol';
import type { LiveCommands } from '../../cluster/placement.ts';

export type OverviewMessage = Extract<ClientMessage, { type: `overview.${string}` }>;

export function isOverviewMessage(message: ClientMessage): message is OverviewMessage {
  return message.type.startsWith('overview.');
}

/**
 * [OV1]–[OV6] The Communication Overview's commands of one console connection. The live state
 * decides who may oversee; this only remembers whether the connection watches, so its close
 * stops the watch ([OV3]).
 */
export class OverviewCommands {
  private watching = false;

  constructor(
    private readonly live: LiveCommands,
    private readonly consultantId: string,
  ) {}

  async handle(message: OverviewMessage): Promise<void> {
    const { live, consultantId } = this;
    switch (message.type) {
      case 'overview.watch':
        if (message.watch === this.watching) return;
        await live.watchOverview(consultantId, message.watch);
        this.watching = message.watch;
        return;
      case 'overview.observe':
        return live.readConversation(consultantId, message.conversationId);
      case 'overview.take_over':
        return live.takeOver(consultantId, message.conversationId);
      case 'overview.transfer':
        return live.superviseTransfer(consultantId, message.conversationId, message.consultantId, message.reason);
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled ${String(unreachable)}`);
      }
    }
  }

  /** The connection closed: its watch ends. */
  async close(): Promise<void> {
    if (this.watching) await this.live.watchOverview(this.consultantId, false);
    this.watching = false;
  }
}
