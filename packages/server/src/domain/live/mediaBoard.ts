import { MAX_BROADCAST_VIEWERS, ParleyError, type MediaRoomRef } from '@parley/protocol';
import { feedIdOf, type MediaAccess, type MediaGrant } from '../media/mediaRooms.ts';
import { LiveBoard } from './board.ts';
import { isPresent, type LiveConversation } from './liveState.ts';
import type { Actor } from '../ports/actor.ts';

/**
 * The live state's answers to the SFU side ([S1]–[S6]): who may publish into and watch which
 * media room. Routing never sees the SFU; the SFU never decides who is allowed.
 */
export abstract class MediaBoard extends LiveBoard implements MediaAccess {
  grant(actor: Actor, room: MediaRoomRef): MediaGrant {
    if (room.kind === 'broadcast') return this.broadcastGrant(actor, room.linkId);
    return this.conferenceGrant(actor, room.conversationId);
  }

  /**
   * [S1] Only the broadcast's presenter publishes, one feed; [S2] only admitted viewers watch,
   * at most the room's capacity ([B3]) on the SFU too.
   */
  private broadcastGrant(actor: Actor, linkId: string): MediaGrant {
    const base = { maxPublishers: 1, maxSubscribers: MAX_BROADCAST_VIEWERS };
    if (actor.kind === 'consultant') {
      if (this.broadcasts.presenterOf(linkId) !== actor.consultantId) {
        throw new ParleyError('forbidden', 'only the presenter on air publishes into a broadcast');
      }
      return { ...base, publishAs: feedIdOf(actor), watch: false };
    }
    if (!this.broadcasts.isViewer(linkId, actor.visitorId)) {
      throw new ParleyError('forbidden', 'join the broadcast before watching it');
    }
    return { ...base, publishAs: null, watch: true };
  }

  /** [S5] Members of an active conversation publish and watch each other; nobody else. */
  protected conferenceGrant(actor: Actor, conversationId: string): MediaGrant {
    const conversation = this.find(conversationId, actor);
    if (conversation.state.name !== 'active' || !conversation.onSfu) throw new ParleyError('illegal_transition');
    if (actor.kind === 'consultant' && !isPresent(conversation, actor.consultantId)) throw new ParleyError('forbidden');
    return { publishAs: feedIdOf(actor), watch: true, maxPublishers: 8, maxSubscribers: 8 * 7 };
  }

  feedsChanged(room: MediaRoomRef, feeds: readonly string[]): void {
    void this.run(() => {
      if (room.kind === 'broadcast') {
        const presenter = this.broadcasts.presenterOf(room.linkId);
        const feed =
          presenter === null
            ? undefined
            : feeds.find((f) => f === feedIdOf({ kind: 'consultant', consultantId: presenter }));
        this.broadcasts.setFeed(room.linkId, feed ?? null, this.consultantIdsOf(room.linkId));
        return;
      }
      this.conferenceFeedsChanged(room.conversationId, feeds);
    }).catch(() => undefined);
  }

  /** [S6] Feeds in a conference room: everyone present learns whom to receive. */
  private conferenceFeedsChanged(conversationId: string, feeds: readonly string[]): void {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return;
    conversation.feeds = [...feeds];
    this.publish(conversation);
  }

  // ---------------------------------------------------------------- conference (F-16)

  /**
   * [S5] During an active call, a consultant present in it invites an available colleague of the
   * tenant (`transfer_target_unavailable` otherwise). The colleague's console shows the invitation.
   */
  inviteToConference(consultantId: string, conversationId: string, colleagueId: string): Promise<void> {
    return this.run(() => {
      const conversation = this.present(consultantId, conversationId);
      const colleague = this.consultants.get(colleagueId);
      const me = this.consultants.get(consultantId);
      if (
        !colleague?.available ||
        colleague.consultant.tenantId !== me?.consultant.tenantId ||
        isPresent(conversation, colleagueId)
      ) {
        throw new ParleyError('transfer_target_unavailable');
      }
      if (!conversation.invited.includes(colleagueId)) conversation.invited.push(colleagueId);
      this.publish(conversation);
    });
  }

  /** [S5][S6] An invited colleague joins: the call moves onto the SFU for everyone in it. */
  joinConference(consultantId: string, conversationId: string): Promise<void> {
    return this.run(() => {
      const conversation = this.conversations.get(conversationId);
      if (!conversation?.invited.includes(consultantId)) throw new ParleyError('conversation_not_found');
      if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition');
      conversation.invited = conversation.invited.filter((id) => id !== consultantId);
      conversation.members.push(consultantId);
      conversation.onSfu = true;
      this.publish(conversation);
    });
  }

  /** An invited colleague says no; the call carries on as it was. */
  declineConference(consultantId: string, conversationId: string): Promise<void> {
    return this.run(() => {
      const conversation = this.conversations.get(conversationId);
      if (!conversation?.invited.includes(consultantId)) throw new ParleyError('conversation_not_found');
      conversation.invited = conversation.invited.filter((id) => id !== consultantId);
      this.publish(conversation);
    });
  }

  /**
   * [S5] Any consultant may leave a conference while the call goes on. When its owner leaves, the
   * colleague who joined first carries it on; the last consultant leaving ends it (use End).
   */
  leaveConference(consultantId: string, conversationId: string): Promise<void> {
    return this.run(async () => {
      const conversation = this.present(consultantId, conversationId);
      const owner = conversation.state.name === 'active' ? conversation.state.consultantId : null;
      if (owner === consultantId && conversation.members.length === 0) {
        throw new ParleyError('illegal_transition', 'you are the last consultant: end the call');
      }
      await this.leave(conversation, consultantId);
    });
  }

  /**
   * [P2][S5] A consultant gone for good (grace period over, or account deactivated): they leave
   * every conference they were in and the call goes on with the others; a call they held alone
   * ends. Invitations to them lapse.
   */
  protected async removeFromCalls(consultantId: string): Promise<void> {
    for (const conversation of [...this.conversations.values()]) {
      if (conversation.state.name !== 'active') continue;
      if (conversation.invited.includes(consultantId)) {
        conversation.invited = conversation.invited.filter((id) => id !== consultantId);
        this.publish(conversation);
      }
      if (!isPresent(conversation, consultantId)) continue;
      if (conversation.state.consultantId === consultantId && conversation.members.length === 0) {
        await this.apply(conversation, { type: 'end', reason: 'consultant_left', at: this.now() });
      } else {
        await this.leave(conversation, consultantId);
      }
    }
  }

  /** The leaver goes; when it is the owner, the colleague who joined first carries the call on. */
  private async leave(conversation: LiveConversation, consultantId: string): Promise<void> {
    if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition');
    const conversationId = conversation.id;
    const next = conversation.members[0];
    if (conversation.state.consultantId === consultantId && next !== undefined) {
      conversation.members = conversation.members.slice(1);
      await this.apply(conversation, { type: 'hand_over', consultantId, to: next, at: this.now() });
    } else {
      conversation.members = conversation.members.filter((id) => id !== consultantId);
      this.publish(conversation);
    }
    this.mediaHooks?.revoke({ kind: 'consultant', consultantId }, { kind: 'conversation', conversationId });
    // The leaver's console still shows the call: tell it that it is no longer theirs.
    this.outbox.send({ kind: 'consultant', consultantId }, { type: 'conference.left', conversationId });
  }

  private present(consultantId: string, conversationId: string): LiveConversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation || !isPresent(conversation, consultantId)) throw new ParleyError('conversation_not_found');
    if (conversation.state.name !== 'active') throw new ParleyError('illegal_transition');
    return conversation;
  }
}
