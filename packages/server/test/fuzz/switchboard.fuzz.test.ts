import fc from 'fast-check';
import { isParleyError } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { world, type World } from '../fixtures.ts';
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
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

/** Runs one command; a refusal must be a coded ParleyError, never anything else. */
async function run(w: World, model: { c: number[]; v: number[]; ids: string[] }, cmd: Command): Promise<void> {
  const b = w.board;
  const id = (p: number): string => model.ids[p % (model.ids.length + 1)] ?? 'conv_missing';
  const visitor = (n: number) => w.visitor(n);
  try {
    switch (cmd.op) {
      case 'cConnect':
        model.c[cmd.n] = (model.c[cmd.n] ?? 0) + 1;
        await b.consultantConnected(w.consultant(cmd.n));
        return;
      case 'cDisconnect':
        // The transport only reports a disconnect for a connection it reported opened.
        if (!model.c[cmd.n]) return;
        model.c[cmd.n] = (model.c[cmd.n] ?? 1) - 1;
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

describe('fuzzed switchboard commands', () => {
  it('[C8][Q0][Q3][P5] any order of commands, timeouts and restarts keeps the routing rules', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40 }), async (commands) => {
        const w = await world();
        const model = { c: [] as number[], v: [] as number[], ids: [] as string[] };
        for (const cmd of commands) {
          await run(w, model, cmd);
          await checkInvariants(w);
        }
      }),
      { numRuns: runs(40) },
    );
  });
});
