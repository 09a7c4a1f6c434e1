import type { ChatMessageView } from '@parley/protocol';
import type { ChatMessageRecord, ConversationStore } from '../ports/conversationStore.ts';
import type { Outbox, Recipient } from '../ports/outbox.ts';
import { GroupCommit } from './groupCommit.ts';

/**
 * [M1][M4] The chat of every live conversation: a message accepted by its conversation waits for
 * the group commit, is stored with the others of its turn, then goes to the people in the
 * conversation at that moment, in the order accepted. `accept` resolves (the sender's ack) then.
 */
export class ChatLog<Conversation> {
  private readonly commit: GroupCommit<{ record: ChatMessageRecord; conversation: Conversation }, ChatMessageView>;

  constructor(
    private readonly store: Pick<ConversationStore, 'appendMessages'>,
    private readonly outbox: Outbox,
    private readonly recipientsOf: (conversation: Conversation) => readonly Recipient[],
    soon: (fn: () => void) => void,
    /** [OP2] Told how many new messages each batch stored (metrics). */
    private readonly onStored: (count: number) => void = () => undefined,
  ) {
    this.commit = new GroupCommit((batch) => this.storeAndDeliver(batch), soon);
  }

  accept(record: ChatMessageRecord, conversation: Conversation): Promise<ChatMessageView> {
    return this.commit.submit({ record, conversation });
  }

  /** Stores and delivers what was accepted so far; `undefined` when nothing is waiting. */
  drain(): Promise<void> | undefined {
    return this.commit.drain();
  }

  private async storeAndDeliver(
    batch: { record: ChatMessageRecord; conversation: Conversation }[],
  ): Promise<ChatMessageView[]> {
    const stored = await this.store.appendMessages(batch.map((pending) => pending.record));
    let added = 0;
    for (const { duplicate } of stored) if (!duplicate) added += 1;
    this.onStored(added);
    return stored.map(({ message }, i) => {
      const { tenantId: _tenant, ...view } = message;
      const conversation = batch[i]?.conversation;
      if (conversation !== undefined) {
        // One message object for every recipient: the sender's copy (its ack) and the others'.
        const frame = { type: 'chat.message', message: view } as const;
        for (const to of this.recipientsOf(conversation)) this.outbox.send(to, frame);
      }
      return view;
    });
  }
}
