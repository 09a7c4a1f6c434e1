import { describe, expect, it } from 'vitest';
import type { VisitorState } from '@parley/client';
import type { ChatMessageView, ConversationView } from '@parley/protocol';
import { pageEventsFor } from './pageEvents.ts';

function state(
  conversation: Partial<ConversationView> | null,
  messages: Partial<ChatMessageView>[] = [],
  available = true,
) {
  return {
    status: 'open',
    available,
    conversation: conversation
      ? ({ id: 'c1', queuePosition: null, visitorSetup: null, ...conversation } as ConversationView)
      : null,
    messages: messages as ChatMessageView[],
  } as VisitorState;
}

const fresh = () => ({
  available: undefined,
  conversationId: null,
  state: null,
  position: null,
  consultantMessages: undefined,
});

describe('[EA2] the events the visitor app tells the embedding page', () => {
  it('[EA2] a conversation from queue to end: each event once, with only its documented fields', () => {
    const seen = fresh();
    expect(pageEventsFor(state(null), seen)).toEqual([{ name: 'availability', available: true }]);
    expect(pageEventsFor(state({ state: 'queued', queuePosition: 2 }), seen)).toEqual([
      { name: 'queued', position: 2 },
    ]);
    expect(pageEventsFor(state({ state: 'queued', queuePosition: 1 }), seen)).toEqual([
      { name: 'queued', position: 1 },
    ]);
    expect(pageEventsFor(state({ state: 'ringing', queuePosition: 1 }), seen)).toEqual([]);
    const setup = { mode: 'audio' } as ConversationView['visitorSetup'];
    expect(pageEventsFor(state({ state: 'active', visitorSetup: setup }), seen)).toEqual([
      { name: 'started', mode: 'voice' },
    ]);
    const secret = { sender: 'consultant', text: 'The secret text', authorName: 'Ann' } as const;
    expect(pageEventsFor(state({ state: 'active', visitorSetup: setup }, [secret]), seen)).toEqual([
      { name: 'message' },
    ]);
    expect(pageEventsFor(state({ state: 'active' }, [secret, { sender: 'visitor' }]), seen)).toEqual([]);
    expect(pageEventsFor(state({ state: 'ended' }, [secret]), seen)).toEqual([{ name: 'ended' }]);
    expect(pageEventsFor(state({ state: 'done' }, [secret]), seen)).toEqual([]);
  });

  it('[EA2] a resumed chat’s history is not news; a conversation already over is not ended again', () => {
    const seen = fresh();
    const history = [{ sender: 'consultant' }, { sender: 'consultant' }] as const;
    expect(pageEventsFor(state({ state: 'ended' }, [...history], false), seen)).toEqual([
      { name: 'availability', available: false },
    ]);
  });
});
