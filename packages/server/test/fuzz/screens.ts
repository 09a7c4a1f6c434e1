import type { ConversationView } from '@parley/protocol';
import { expect } from 'vitest';
import { conversationViews, type World } from '../fixtures.ts';
import type { LiveConversation } from '../../src/domain/live/liveState.ts';

/**
 * What each participant's screen shows, kept the way the client SDK keeps it — its welcome, then
 * every update it is sent — and checked against the board's live state: nobody is left showing a
 * stale conversation, whatever order things happened in.
 */
export interface Screens {
  consoles: Map<string, ConsoleScreen>;
  visitors: Map<string, VisitorScreen>;
}

interface ConsoleScreen {
  id: string;
  read: number;
  shown: Map<string, ConversationView>;
}

interface VisitorScreen {
  id: string;
  read: number;
  conversation: ConversationView | null;
}

type WelcomeLike = { conversations: ConversationView[] };

const OPEN = new Set(['queued', 'ringing', 'active']);

/** c1 and c2 serve link L, where every request is made; c3 serves M, where transfers queue. */
const linkOf = (consultantId: string) => (consultantId === 'c3' ? 'M' : 'L');

/** The console SDK's rule: it shows queued requests of its links and what involves it. */
function showsOnConsole(view: ConversationView, me: string): boolean {
  return (
    (view.state === 'queued' && view.linkId === linkOf(me)) ||
    view.consultantId === me ||
    view.members.some((m) => m.id === me) ||
    view.invited.some((m) => m.id === me)
  );
}

export function openConsole(w: World, screens: Screens, id: string, welcome: WelcomeLike): void {
  const shown = new Map(welcome.conversations.map((c) => [c.id, c]));
  screens.consoles.set(id, { id, read: w.outbox.sent.length, shown });
}

/** The visitor SDK keeps a finished conversation on screen after a reconnect, not an active one. */
export function openVisitor(w: World, screens: Screens, id: string, welcome: WelcomeLike): void {
  const before = screens.visitors.get(id)?.conversation ?? null;
  const conversation = welcome.conversations[0] ?? (before?.state === 'active' ? null : before);
  screens.visitors.set(id, { id, read: w.outbox.sent.length, conversation });
}

function updatesFor(w: World, screen: { read: number }, to: (kind: string, id: string) => boolean) {
  const sent = w.outbox.sent.slice(screen.read).filter((s) => {
    const recipient = s.to as { kind: string; consultantId?: string; visitorId?: string };
    return to(recipient.kind, recipient.consultantId ?? recipient.visitorId ?? '');
  });
  screen.read = w.outbox.sent.length;
  return conversationViews(sent.map((s) => s.message));
}

const people = (ids: readonly string[]) => [...ids].sort().join('+');

function summaryOfLive(c: LiveConversation): string {
  const owner = 'consultantId' in c.state ? c.state.consultantId : '-';
  const held = c.state.name === 'active' && c.state.held;
  const parked = c.state.name === 'queued' && c.state.parked;
  return `${c.id}:${c.state.name}:${owner}:${held}:${parked}:${people(c.members)}:${people(c.invited)}`;
}

function summaryOfView(v: ConversationView): string {
  const [members, invited] = [v.members, v.invited].map((list) => people(list.map((m) => m.id)));
  return `${v.id}:${v.state}:${v.consultantId ?? '-'}:${v.held}:${v.parked}:${members}:${invited}`;
}

/**
 * [C14] Every console shows exactly the open conversations it should (the queues of its links,
 * what involves it); every visitor sees their open conversation as it is, or none.
 */
export async function checkScreens(w: World, screens: Screens): Promise<void> {
  await w.board.settled();
  // The board's live conversations are the truth (members and invitees exist only there).
  const live = (w.board as unknown as { core: { state: { conversations: Map<string, LiveConversation> } } }).core.state
    .conversations;
  const open = [...live.values()].filter((c) => OPEN.has(c.state.name));
  for (const screen of screens.consoles.values()) {
    const me = screen.id;
    for (const view of updatesFor(w, screen, (kind, id) => kind === 'consultant' && id === me)) {
      if (showsOnConsole(view, me)) screen.shown.set(view.id, view);
      else screen.shown.delete(view.id);
    }
    const expected = open.filter((c) =>
      c.state.name === 'queued'
        ? c.linkId === linkOf(me)
        : ('consultantId' in c.state && c.state.consultantId === me) ||
          c.members.includes(me) ||
          c.invited.includes(me),
    );
    const shown = [...screen.shown.values()].filter((v) => OPEN.has(v.state));
    expect(shown.map(summaryOfView).sort(), `console of ${me}`).toEqual(expected.map(summaryOfLive).sort());
  }
  for (const screen of screens.visitors.values()) {
    for (const view of updatesFor(w, screen, (kind, id) => kind === 'visitor' && id === screen.id)) {
      screen.conversation = view;
    }
    const theirs = open.find((c) => c.visitorId === screen.id);
    const shown = screen.conversation && OPEN.has(screen.conversation.state) ? screen.conversation : null;
    expect(shown && summaryOfView(shown), `screen of ${screen.id}`).toEqual(theirs ? summaryOfLive(theirs) : null);
  }
}
