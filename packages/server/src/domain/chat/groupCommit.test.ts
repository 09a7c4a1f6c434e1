import { describe, expect, it } from 'vitest';
import { GroupCommit } from './groupCommit.ts';

/** A writer whose batches finish only when the test says so, and a manual "soon" queue. */
function harness(maxBatch?: number) {
  const batches: string[][] = [];
  const finish: (() => void)[] = [];
  let failNext = false;
  const scheduled: (() => void)[] = [];
  const log = new GroupCommit<string, string>(
    (items) => {
      batches.push(items);
      const fail = failNext;
      failNext = false;
      return new Promise((resolve, reject) =>
        finish.push(() => (fail ? reject(new Error('disk full')) : resolve(items.map((i) => `stored ${i}`)))),
      );
    },
    (fn) => scheduled.push(fn),
    maxBatch,
  );
  const tick = () => new Promise((r) => setImmediate(r));
  return {
    log,
    batches,
    /** Runs the scheduled flushes and lets the writes start. */
    runSoon: async () => {
      scheduled.splice(0).forEach((fn) => fn());
      await tick();
    },
    finishAll: async () => {
      await tick();
      while (finish.length > 0) {
        finish.shift()?.();
        await tick();
      }
    },
    failNext: () => (failNext = true),
    tick,
  };
}

describe('GroupCommit', () => {
  it('[M4] writes what was submitted in one turn as one batch, and answers each submitter', async () => {
    const h = harness();
    const answers = Promise.all(['a', 'b', 'c'].map((item) => h.log.submit(item)));
    expect(h.batches).toEqual([]);
    await h.runSoon();
    expect(h.batches).toEqual([['a', 'b', 'c']]);
    await h.finishAll();
    expect(await answers).toEqual(['stored a', 'stored b', 'stored c']);
  });

  it('[M4] [M1] does not answer before the write is done, and writes batches one after another', async () => {
    const h = harness();
    let answered = false;
    void h.log.submit('a').then(() => (answered = true));
    await h.runSoon();
    const second = h.log.submit('b');
    await h.runSoon();
    await h.tick();
    expect(answered).toBe(false);
    // The second batch waits for the first to finish before it is written.
    expect(h.batches).toEqual([['a']]);
    await h.finishAll();
    expect(answered).toBe(true);
    expect(await second).toBe('stored b');
    expect(h.batches).toEqual([['a'], ['b']]);
  });

  it('[M4] what arrives while a batch is being written, over any number of turns, goes as one next batch', async () => {
    const h = harness();
    void h.log.submit('a');
    await h.runSoon();
    void h.log.submit('b');
    await h.runSoon();
    void h.log.submit('c');
    await h.runSoon();
    expect(h.batches).toEqual([['a']]);
    await h.finishAll();
    // Slow storage makes larger batches instead of a queue of small ones.
    expect(h.batches).toEqual([['a'], ['b', 'c']]);
  });

  it('[M4] drain writes what is pending at once and resolves when all of it is written', async () => {
    const h = harness();
    expect(h.log.drain()).toBeUndefined();
    const answer = h.log.submit('a');
    const drained = h.log.drain();
    expect(drained).toBeInstanceOf(Promise);
    await h.tick();
    expect(h.batches).toEqual([['a']]);
    let done = false;
    void drained?.then(() => (done = true));
    await h.tick();
    expect(done).toBe(false);
    await h.finishAll();
    expect(done).toBe(true);
    expect(await answer).toBe('stored a');
    expect(h.log.drain()).toBeUndefined();
  });

  it('[M4] a full batch is written without waiting for the turn to end', async () => {
    const h = harness(2);
    void h.log.submit('a');
    void h.log.submit('b');
    void h.log.submit('c');
    await h.tick();
    expect(h.batches).toEqual([['a', 'b']]);
  });

  it('[M4] a failed write rejects every submitter of that batch and the next batch still goes', async () => {
    const h = harness();
    h.failNext();
    const failed = [h.log.submit('a'), h.log.submit('b')].map((p) => p.catch((e: unknown) => (e as Error).message));
    await h.runSoon();
    await h.finishAll();
    expect(await Promise.all(failed)).toEqual(['disk full', 'disk full']);
    const next = h.log.submit('c');
    await h.runSoon();
    await h.finishAll();
    expect(await next).toBe('stored c');
  });
});
