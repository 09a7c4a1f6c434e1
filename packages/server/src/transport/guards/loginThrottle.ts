import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AttemptWindow } from './limits.ts';

export interface LoginThrottleOptions {
  /** [E10] Failed logins one address may make within the window. */
  failuresPerAddress: number;
  windowMs: number;
  /** [E14] Failures an account takes before each further attempt has to wait. */
  accountFreeFailures: number;
  /** [E14] The first wait; each further failure doubles it, up to `accountMaxDelayMs`. */
  accountBaseDelayMs: number;
  accountMaxDelayMs: number;
  /** [E15] Accounts remembered at most (the least recently tried go first). */
  maxAccounts?: number;
}

interface AccountFailures {
  count: number;
  lastAt: number;
  /** No attempt on this account (from an unknown browser) before this time. */
  nextAt: number;
}

/** An attempt let through: it counts as failed until told it succeeded. */
export interface LoginAttempt {
  succeeded(): void;
}

export type LoginVerdict = { allowed: true; attempt: LoginAttempt } | { allowed: false; retryAfterMs: number };

/**
 * [E10][E14][E15] Limits password guessing without letting a stranger lock an account.
 *
 * - Per address: at most `failuresPerAddress` failures in the window, then refused until it passes.
 * - Per account: a growing delay (1 s, 2 s, 4 s … capped) once it has taken `accountFreeFailures`
 *   failures, forgotten after a quiet window. A browser that has logged into the account before
 *   (it holds the account's _known-browser_ token, set at each successful login) is not delayed by
 *   the account's failures, so guessing from elsewhere never keeps its owner out.
 * - Both are reserved before the password is checked: `begin` decides and counts synchronously,
 *   so parallel attempts cannot all pass the check before any of them is counted.
 */
export class LoginThrottle {
  private readonly addresses: AttemptWindow;
  private readonly accounts = new Map<string, AccountFailures>();

  constructor(
    private readonly options: LoginThrottleOptions,
    private readonly now: () => number,
    /** Signs known-browser tokens; per process, so a restart only costs the exemption. */
    private readonly browserKey: Buffer = randomBytes(32),
  ) {
    this.addresses = new AttemptWindow(options.failuresPerAddress, options.windowMs, now);
  }

  /** Decides on one attempt and, when it may go ahead, counts it as failed until it succeeds. */
  begin(address: string, account: string, knownBrowser: boolean): LoginVerdict {
    const now = this.now();
    const failures = this.failuresOf(account, now);
    const accountWait = knownBrowser || !failures ? 0 : failures.nextAt - now;
    const wait = Math.max(this.addresses.retryAfter(address), accountWait);
    if (wait > 0) return { allowed: false, retryAfterMs: wait };

    this.addresses.reserve(address);
    const count = (failures?.count ?? 0) + 1;
    const over = count - this.options.accountFreeFailures;
    const delay =
      over > 0 ? Math.min(this.options.accountMaxDelayMs, this.options.accountBaseDelayMs * 2 ** (over - 1)) : 0;
    this.accounts.delete(account); // re-inserted last: the Map's order is least recently tried first
    this.accounts.set(account, { count, lastAt: now, nextAt: now + delay });
    this.prune(now);
    return {
      allowed: true,
      attempt: {
        succeeded: () => {
          this.addresses.succeed(address);
          this.accounts.delete(account);
        },
      },
    };
  }

  /** The known-browser token for an account, set as a cookie after a successful login. */
  browserToken(account: string): string {
    return createHmac('sha256', this.browserKey).update(account).digest('base64url');
  }

  /** Whether a cookie value is this account's known-browser token (compared in constant time). */
  isKnownBrowser(account: string, token: string | undefined): boolean {
    if (!token) return false;
    const expected = Buffer.from(this.browserToken(account));
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Accounts remembered (for tests of the pruning). */
  get accountsRemembered(): number {
    return this.accounts.size;
  }

  /** Addresses remembered (for tests of the pruning). */
  get addressesRemembered(): number {
    return this.addresses.size;
  }

  private failuresOf(account: string, now: number): AccountFailures | undefined {
    const failures = this.accounts.get(account);
    if (failures && now - failures.lastAt > this.options.windowMs) {
      this.accounts.delete(account);
      return undefined;
    }
    return failures;
  }

  /** Forgets quiet accounts (from the least recently tried on), and the oldest past the cap. */
  private prune(now: number): void {
    for (const [account, failures] of this.accounts) {
      if (now - failures.lastAt <= this.options.windowMs) break;
      this.accounts.delete(account);
    }
    const max = this.options.maxAccounts ?? 50_000;
    for (const account of this.accounts.keys()) {
      if (this.accounts.size <= max) break;
      this.accounts.delete(account);
    }
  }
}
