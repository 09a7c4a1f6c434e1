import fc from 'fast-check';
import { isParleyError } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { world, type World } from '../fixtures.ts';
import { checkScreens, openConsole, openVisitor, type Screens } from './screens.ts';
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
  /** [C14] What each connected participant's screen shows (screens.ts). */
  screens?: Screens;
}

async function run(w: World, model: Model, cmd: Command): Promise<void> {
  const b = w.board;
  const id = (p: number): string => model.ids[p % (model.ids.length + 1)] ?? 'conv_missing';
  const visitor = (n: number) => w.visitor(n);
  try {
    switch (cmd.op) {
      case 'cConnect': {
        model.c[cmd.n] = (model.c[cmd.n] ?? 0) + 1;
        const welcome = await b.consultantConnected(w.consultant(cmd.n));
        if (model.screens) openConsole(w, model.screens, `c${cmd.n}`, welcome);
        return;
      }
      case 'cDisconnect':
        // The transport only reports a disconnect for a connection it reported opened.
        if (!model.c[cmd.n]) return;
        model.c[cmd.n] = (model.c[cmd.n] ?? 1) - 1;
        if (!model.c[cmd.n]) model.screens?.consoles.delete(`c${cmd.n}`);
        await b.consultantDisconnected(`c${cmd.n}`);
        return;
      case 'vConnect': {
        model.v[cmd.n] = (model.v[cmd.n] ?? 0) + 1;
        const welcome = await b.visitorConnected(visitor(cmd.n), w.link);
        if (model.screens) openVisitor(w, model.screens, visitor(cmd.n).id, welcome);
        return;
      }
      case 'vDisconnect':
        if (!model.v[cmd.n]) return;
        model.v[cmd.n] = (model.v[cmd.n] ?? 1) - 1;
        if (!model.v[cmd.n]) model.screens?.visitors.delete(visitor(cmd.n).id);
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
        model.screens?.consoles.clear();
        model.screens?.visitors.clear();
        await w.live.restore();
        return;
    }
  } catch (error) {
    if (!isParleyError(error)) throw error;
  }
}

async function checkInvariants(w: World): Promise<void> {
  await w.board.settled();
  const open = await w.store.conversations.listOpenConversations();
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

  it('[C14][C12][S5][S8] whatever happens, each console shows exactly the requests waiting on its links and its own calls, each visitor their conversation as it is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(command, transfer, conference, desk), { minLength: 1, maxLength: 40 }),
        async (commands) => {
          const w = await world();
          const screens: Screens = { consoles: new Map(), visitors: new Map() };
          const model: Model = { c: [], v: [], ids: [], screens };
          for (const cmd of [...everyoneThere, ...commands]) {
            await run(w, model, cmd);
            await checkScreens(w, screens);
          }
        },
      ),
      { numRuns: runs(40) },
    );
  });
});
