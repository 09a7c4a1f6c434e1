import fc from 'fast-check';
import { isParleyError, type ConversationView } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { conversationViews, world, type World } from '../fixtures.ts';
import type { LiveConversation } from '../../src/domain/live/liveState.ts';
import { runs } from './arbitraries.ts';

const who = fc.integer({ min: 1, max: 3 });
const pick = fc.nat({ max: 5 });
/** Commands in any order, including ones the state machine must refuse. */
const command = fc.oneof(
  fc.record({ op: fc.constantFrom('cConnect', 'cDisconnect', 'vConnect', 'vDisconnect', 'request'), n: who }),
  fc.record({ op: fc.constant('available'), n: who, value: fc.boolean() }),
  fc.record({ op: fc.constantFrom('accept', 'decline', 'endC', 'chatC'), n: who, pick }),
  fc.record({ op: fc.constantFrom('cancel', 'endV', 'chatV'), n: who, pick }),
  fc.record({ op: fc.constant('advance'), ms: fc.constantFrom(1_000, 16_000, 31_000) }),
  fc.record({ op: fc.constant('restart') }),
);
/** [C12] Transfers, to a colleague (c3 serves the other link) or to the other link's queue. */
const transfer = fc.record({ op: fc.constant('transfer'), n: who, pick, to: fc.option(who) });
/** [S5] Conference: invite a colleague, who joins or declines; anyone present may leave. */
const conference = fc.oneof(
  fc.record({ op: fc.constant('invite'), n: who, pick, to: who }),
  fc.record({ op: fc.constantFrom('join', 'declineInvite', 'leave'), n: who, pick }),
);
/** [C9][C10][C11] The desk's own moves: park a ring, take from the queue, hold. */
const desk = fc.oneof(
  fc.record({ op: fc.constantFrom('park', 'take'), n: who, pick }),
  fc.record({ op: fc.constant('hold'), n: who, pick, value: fc.boolean() }),
);
type Command =
  typeof command | typeof transfer | typeof conference | typeof desk extends fc.Arbitrary<infer T> ? T : never;

/** Runs one command; a refusal must be a coded ParleyError, never anything else. */
interface Model {
  c: number[];
  v: number[];
  ids: string[];
  /** [C14] What each connected consultant's console shows, kept the way the client SDK keeps it. */
  consoles?: Map<string, Console>;
}

async function run(w: World, model: Model, cmd: Command): Promise<void> {
  const b = w.board;
  const id = (p: number): string => model.ids[p % (model.ids.length + 1)] ?? 'conv_missing';
  const visitor = (n: number) => w.visitor(n);
  try {
    switch (cmd.op) {
      case 'cConnect':
        model.c[cmd.n] = (model.c[cmd.n] ?? 0) + 1;
        model.consoles?.set(`c${cmd.n}`, openConsole(w, `c${cmd.n}`, await b.consultantConnected(w.consultant(cmd.n))));
        return;
      case 'cDisconnect':
        // The transport only reports a disconnect for a connection it reported opened.
        if (!model.c[cmd.n]) return;
        model.c[cmd.n] = (model.c[cmd.n] ?? 1) - 1;
        if (!model.c[cmd.n]) model.consoles?.delete(`c${cmd.n}`);
        await b.consultantDisconnected(`c${cmd.n}`);
        return;
      case 'vConnect':
        model.v[cmd.n] = (model.v[cmd.n] ?? 0) + 1;
        await b.visitorConnected(visitor(cmd.n), w.link);
        return;
      case 'vDisconnect':
        if (!model.v[cmd.n]) return;
        model.v[cmd.n] = (model.v[cmd.n] ?? 1) - 1;
        await b.visitorDisconnected(visitor(cmd.n).id);
        return;
      case 'request': {
        const view = await b.requestConversation(visitor(cmd.n).id, undefined);
        model.ids.push(view.id);
        return;
      }
      case 'available':
        await b.setAvailability(`c${cmd.n}`, cmd.value);
        return;
      case 'accept':
        await b.accept(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'decline':
        await b.decline(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'endC':
        await b.end({ kind: 'consultant', consultantId: `c${cmd.n}` }, id(cmd.pick));
        return;
      case 'chatC':
        await b.sendChat({ kind: 'consultant', consultantId: `c${cmd.n}` }, id(cmd.pick), 'k', 'hi');
        return;
      case 'cancel':
        await b.cancel(visitor(cmd.n).id, id(cmd.pick));
        return;
      case 'endV':
        await b.end({ kind: 'visitor', visitorId: visitor(cmd.n).id }, id(cmd.pick));
        return;
      case 'chatV':
        await b.sendChat({ kind: 'visitor', visitorId: visitor(cmd.n).id }, id(cmd.pick), 'k', 'hi');
        return;
      case 'transfer': {
        const to =
          cmd.to === null
            ? { kind: 'link' as const, linkId: 'M' }
            : { kind: 'consultant' as const, consultantId: `c${cmd.to}` };
        await b.transfer(`c${cmd.n}`, id(cmd.pick), to, 'fuzz');
        return;
      }
      case 'park':
        await b.park(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'take':
        await b.pick(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'hold':
        await b.setHold(`c${cmd.n}`, id(cmd.pick), cmd.value);
        return;
      case 'invite':
        await b.inviteToConference(`c${cmd.n}`, id(cmd.pick), `c${cmd.to}`);
        return;
      case 'join':
        await b.joinConference(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'declineInvite':
        await b.declineConference(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'leave':
        await b.leaveConference(`c${cmd.n}`, id(cmd.pick));
        return;
      case 'advance':
        w.runtime.advance(cmd.ms);
        await b.settled();
        return;
      case 'restart':
        // [P5] A new process over the same storage; every live participant must come back.
        await b.settled();
        w.restart();
        model.c = [];
        model.v = [];
        model.consoles?.clear();
        await w.board.restore();
        return;
    }
  } catch (error) {
    if (!isParleyError(error)) throw error;
  }
}

async function checkInvariants(w: World): Promise<void> {
  await w.board.settled();
  const open = await w.store.listOpenConversations();
  const busy = open.flatMap((c) =>
    c.state.name === 'ringing' || c.state.name === 'active' ? [c.state.consultantId] : [],
  );
  // [Q3] One conversation (ringing or active) per consultant at a time.
  expect(new Set(busy).size).toBe(busy.length);
  for (const c of open) {
    // [Q3] Only consultants assigned to the link are rung or talk on it (c3 serves the other link).
    if ('consultantId' in c.state) expect(c.state.consultantId).not.toBe('c3');
  }
  // [Q0] One open request per visitor.
  const visitors = open.map((c) => c.visitorId);
  expect(new Set(visitors).size).toBe(visitors.length);
}

/** A console as the client SDK keeps it: its welcome, then every update it is sent. */
interface Console {
  id: string;
  read: number;
  shown: Map<string, ConversationView>;
}

/** c1 and c2 serve link L, where every request is made; c3 serves M, where transfers queue. */
const linkOf = (consultantId: string) => (consultantId === 'c3' ? 'M' : 'L');

/** The SDK's rule: a console shows queued requests of its links and what involves it. */
function showsOnConsole(view: ConversationView, me: string): boolean {
  return (
    (view.state === 'queued' && view.linkId === linkOf(me)) ||
    view.consultantId === me ||
    view.members.some((m) => m.id === me) ||
    view.invited.some((m) => m.id === me)
  );
}

function openConsole(w: World, id: string, welcome: { conversations: ConversationView[] }): Console {
  const shown = new Map(welcome.conversations.map((c) => [c.id, c]));
  return { id, read: w.outbox.sent.length, shown };
}

function catchUp(w: World, console: Console): void {
  const updates = w.outbox.sent
    .slice(console.read)
    .filter((s) => s.to.kind === 'consultant' && s.to.consultantId === console.id);
  console.read = w.outbox.sent.length;
  for (const view of conversationViews(updates.map((s) => s.message))) {
    if (showsOnConsole(view, console.id)) console.shown.set(view.id, view);
    else console.shown.delete(view.id);
  }
}

const OPEN = new Set(['queued', 'ringing', 'active']);

/** Everyone connected and available, c1 in a call: random commands reach transfers and conferences. */
const everyoneThere: Command[] = [
  ...[1, 2, 3].map((n) => ({ op: 'cConnect' as const, n })),
  ...[1, 2, 3].map((n) => ({ op: 'vConnect' as const, n })),
  { op: 'available', n: 1, value: true },
  { op: 'request', n: 1 },
  { op: 'accept', n: 1, pick: 0 },
  { op: 'available', n: 2, value: true },
  { op: 'available', n: 3, value: true },
];

/** [C14] Every console shows exactly the open conversations it should, each in its current state. */
async function checkConsoles(w: World, consoles: Map<string, Console>): Promise<void> {
  await w.board.settled();
  // The board's live conversations are the truth (members and invitees exist only there).
  const live = (w.board as unknown as { conversations: Map<string, LiveConversation> }).conversations;
  const open = [...live.values()].filter((c) => OPEN.has(c.state.name));
  const people = (ids: readonly string[]) => [...ids].sort().join('+');
  for (const console of consoles.values()) {
    catchUp(w, console);
    const me = console.id;
    const expected = open
      .filter((c) =>
        c.state.name === 'queued'
          ? c.linkId === linkOf(me)
          : ('consultantId' in c.state && c.state.consultantId === me) ||
            c.members.includes(me) ||
            c.invited.includes(me),
      )
      .map((c) => {
        const owner = 'consultantId' in c.state ? c.state.consultantId : '-';
        const held = c.state.name === 'active' && c.state.held;
        const parked = c.state.name === 'queued' && c.state.parked;
        return `${c.id}:${c.state.name}:${owner}:${held}:${parked}:${people(c.members)}:${people(c.invited)}`;
      })
      .sort();
    const shown = [...console.shown.values()]
      .filter((v) => OPEN.has(v.state))
      .map((v) => {
        const [members, invited] = [v.members, v.invited].map((list) => people(list.map((m) => m.id)));
        return `${v.id}:${v.state}:${v.consultantId ?? '-'}:${v.held}:${v.parked}:${members}:${invited}`;
      })
      .sort();
    expect(shown, `console of ${me}`).toEqual(expected);
  }
}

describe('fuzzed switchboard commands', () => {
  it('[C8][Q0][Q3][P5] any order of commands, timeouts and restarts keeps the routing rules', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40 }), async (commands) => {
        const w = await world();
        const model: Model = { c: [], v: [], ids: [] };
        for (const cmd of commands) {
          await run(w, model, cmd);
          await checkInvariants(w);
        }
      }),
      { numRuns: runs(40) },
    );
  });

  it('[C14] whatever happens, each console shows exactly the requests waiting on its links and its own calls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(command, transfer, conference, desk), { minLength: 1, maxLength: 40 }),
        async (commands) => {
          const w = await world();
          const consoles = new Map<string, Console>();
          const model: Model = { c: [], v: [], ids: [], consoles };
          for (const cmd of [...everyoneThere, ...commands]) {
            await run(w, model, cmd);
            await checkConsoles(w, consoles);
          }
        },
      ),
      { numRuns: runs(40) },
    );
  });
});
