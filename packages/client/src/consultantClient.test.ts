import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ConversationView } from '@parley/protocol';
import { ConsultantClient } from './consultantClient.ts';
import { FakeSocket } from './testing/fakeSocket.ts';

function view(state: ConversationView['state'], linkId: string, consultantId: string | null): ConversationView {
  return {
    id: 'conv1',
    linkId,
    state,
    visitorName: 'Ann',
    consultantId,
    consultantName: null,
    queuePosition: null,
    estimatedWaitMs: null,
    canLeaveMessage: false,
    parked: false,
    held: false,
    transferredFrom: null,
    queuedAt: 0,
    acceptedAt: null,
    closedAt: null,
    closeReason: null,
    members: [],
    invited: [],
    media: 'p2p',
    feeds: [],
    visitorSetup: null,
    mediaState: { visitor: null, consultant: null },
  };
}

function connectedConsole(dismissSettled = false) {
  const sockets: FakeSocket[] = [];
  const client = new ConsultantClient({
    baseUrl: 'http://x',
    dismissSettled,
    socketFactory: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
  });
  client.connect();
  const socket = sockets[0]!;
  socket.open();
  socket.receive({
    type: 'welcome',
    v: PROTOCOL_VERSION,
    role: 'consultant',
    self: { id: 'dana', name: 'Dana' },
    resumeToken: null,
    iceServers: [],
    available: true,
    conversations: [view('active', 'help', 'dana')],
    messages: [],
    link: null,
    links: [{ id: 'help', name: 'Help', mode: 'consultation' }],
    broadcasts: [],
    capacity: 1,
  });
  return { client, socket };
}

describe('the console SDK', () => {
  it('[C14] shows queued requests of its own links only: one transferred to another queue leaves the view', () => {
    const { client, socket } = connectedConsole();
    expect(client.state.conversations['conv1']?.state).toBe('active');
    socket.receive({ type: 'conversation.updated', conversation: view('queued', 'sales', null) });
    expect(client.state.conversations).toEqual({});
    socket.receive({ type: 'conversation.updated', conversation: view('queued', 'help', null) });
    expect(client.state.conversations['conv1']?.state).toBe('queued');
    socket.receive({ type: 'conversation.updated', conversation: view('ringing', 'sales', 'dana') });
    expect(client.state.conversations['conv1']?.state).toBe('ringing');
    client.close();
  });

  it('[CD5] with dismissSettled, a declined or done conversation leaves the view as it arrives; an ended one waits for its wrap-up', () => {
    const { client, socket } = connectedConsole(true);
    const ended = { ...view('ended', 'help', 'dana'), id: 'ended' };
    socket.receive({ type: 'conversation.updated', conversation: ended });
    socket.receive({ type: 'conversation.updated', conversation: { ...view('declined', 'help', 'dana'), id: 'no' } });
    socket.receive({ type: 'conversation.updated', conversation: view('done', 'help', 'dana') });
    expect(Object.keys(client.state.conversations)).toEqual(['ended']);
    expect(client.endedCalls.map((v) => v.id)).toEqual(['ended']);
    client.close();
  });

  it('[CD5] without it (tests, tools) every state stays until dismissed', () => {
    const { client, socket } = connectedConsole();
    socket.receive({ type: 'conversation.updated', conversation: view('done', 'help', 'dana') });
    expect(client.state.conversations['conv1']?.state).toBe('done');
    client.close();
  });
});
