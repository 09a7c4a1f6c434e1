import { afterEach, describe, expect, it } from 'vitest';
import { defaultLimits, type LimitsConfig } from '../src/config.ts';
import { FakeRuntime } from '../src/domain/runtime.ts';
import { DEMO, startServer, type TestServer } from './server.ts';
import { rawRequest, type RawResponse } from './rawHttp.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * Small limits, since every attempt let through costs a real scrypt hash (the point of the tests
 * is that refused ones do not).
 */
const limits: LimitsConfig = {
  ...defaultLimits,
  loginFailuresPerWindow: 4,
  loginAccountFreeFailures: 2,
  loginAccountDelayMs: 1000,
  loginAccountMaxDelayMs: 4000,
};

/** A real server behind a (pretend) proxy on loopback, so each request may come from its own address. */
async function start(runtime = new FakeRuntime()): Promise<{ s: TestServer; runtime: FakeRuntime }> {
  server = await startServer({ runtime, config: { trustProxy: ['127.0.0.1'], limits } });
  return { s: server, runtime };
}

function login(s: TestServer, address: string, email: string, password: string, cookie?: string): Promise<RawResponse> {
  return rawRequest(
    s.baseUrl,
    'POST',
    '/api/v1/auth/login',
    {
      'content-type': 'application/json',
      'x-parley-csrf': '1',
      'x-forwarded-for': address,
      ...(cookie ? { cookie } : {}),
    },
    JSON.stringify({ email, password }),
  );
}

/** The known-browser cookie a successful login leaves, as the browser would send it back. */
function knownBrowserCookie(response: RawResponse): string {
  const cookies = [response.headers['set-cookie'] ?? []].flat();
  const known = cookies.find((c) => c.startsWith('parley_known_browser='));
  return (known ?? '').split(';')[0] ?? '';
}

const statuses = (responses: RawResponse[]) => {
  const count = new Map<number, number>();
  for (const r of responses) count.set(r.status, (count.get(r.status) ?? 0) + 1);
  return Object.fromEntries(count);
};

describe('[E14] login limits that neither race nor lock owners out', { timeout: 90_000 }, () => {
  it('[E14][E10] parallel wrong passwords from one address cannot outrun the per-address count', async () => {
    const { s } = await start();
    // Different accounts, so only the per-address limit is in play.
    const attempts = Array.from({ length: 10 }, (_, i) => login(s, '203.0.113.7', `guess${i}@demo.parley`, 'wrong'));
    const answers = await Promise.all(attempts);
    const max = limits.loginFailuresPerWindow;
    expect(statuses(answers)).toEqual({ 401: max, 429: 10 - max });
  });

  it('[E14] parallel guesses at one account from many addresses get only the free failures and one more', async () => {
    const { s } = await start();
    const attempts = Array.from({ length: 10 }, (_, i) => login(s, `198.51.100.${i}`, DEMO.email, 'wrong'));
    const answers = await Promise.all(attempts);
    const free = limits.loginAccountFreeFailures;
    expect(statuses(answers)).toEqual({ 401: free + 1, 429: 10 - free - 1 });
    const refused = answers.find((r) => r.status === 429);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ code: 'too_many_attempts' });
    expect(Number(refused?.headers['retry-after'])).toBe(limits.loginAccountDelayMs / 1000);
  });

  it('[E14] a stranger guessing an account cannot keep its owner out: known browser at once, others after a short wait', async () => {
    const { s, runtime } = await start();
    const earlier = await login(s, '192.0.2.10', DEMO.email, DEMO.password);
    expect(earlier.status).toBe(200);
    const owner = knownBrowserCookie(earlier);
    expect(owner).toMatch(/^parley_known_browser=./);

    // The stranger guesses from many addresses, every time the delay allows, far past any hard limit.
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const guess = await login(s, `198.51.100.${i}`, DEMO.email, 'wrong');
      if (guess.status === 429) {
        const wait = Number(guess.headers['retry-after']);
        delays.push(wait);
        runtime.advance(wait * 1000);
      }
    }
    // The delay grows, then stays at its ceiling: never a lock.
    expect(Math.max(...delays)).toBe(limits.loginAccountMaxDelayMs / 1000);

    // A new browser is delayed, at most by the ceiling…
    await login(s, '198.51.100.200', DEMO.email, 'wrong');
    const fresh = await login(s, '192.0.2.12', DEMO.email, DEMO.password);
    expect(fresh.status).toBe(429);
    const wait = Number(fresh.headers['retry-after']);
    expect(wait).toBeLessThanOrEqual(limits.loginAccountMaxDelayMs / 1000);
    // …while the owner's browser that logged in before is not held up by the stranger at all.
    expect((await login(s, '192.0.2.11', DEMO.email, DEMO.password, owner)).status).toBe(200);
    // And the new browser gets in once the wait is over.
    runtime.advance(wait * 1000);
    expect((await login(s, '192.0.2.12', DEMO.email, DEMO.password)).status).toBe(200);
  });

  it('[E14] a forged or other account’s known-browser cookie does not skip the delay', async () => {
    const { s } = await start();
    for (let i = 0; i < 4; i++) await login(s, `198.51.100.${i}`, DEMO.email, 'wrong');
    for (const cookie of ['parley_known_browser=forged', 'parley_known_browser=']) {
      expect((await login(s, '192.0.2.10', DEMO.email, DEMO.password, cookie)).status).toBe(429);
    }
  });
});
