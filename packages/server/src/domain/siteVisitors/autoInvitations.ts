import type { AutoInvitationRule } from '@parley/protocol';
import type { Runtime, TimerHandle } from '../runtime.ts';

/** [AI1] A rule as stored: the admin's rule with its id. */
export interface StoredAutoInvitationRule extends AutoInvitationRule {
  id: string;
}

/** [AI1] Whether a page's URL matches a rule's path pattern: `*` is any characters, the rest literal. */
export function pathMatches(pattern: string, url: string): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  const literal = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`).test(path);
}

/** [AI1] The enabled rules of the link that match the page, soonest first. */
export function matchingRules(
  rules: readonly StoredAutoInvitationRule[],
  linkId: string,
  url: string,
): StoredAutoInvitationRule[] {
  return rules
    .filter((rule) => rule.enabled && rule.linkId === linkId && pathMatches(rule.urlPattern, url))
    .sort((a, b) => a.seconds - b.seconds);
}

/** What the automation reads of a visit when a rule's time has come. */
export interface VisitFacts {
  visitorKey: string;
  linkId: string;
  /** The URL the tab shows now (undefined: the tab is gone). */
  url: string | undefined;
  pagesViewed: number;
  /** [AI3] An invitation waits for an answer, or the visitor is queued, ringing or talking. */
  busy: boolean;
}

/** Who an automatic invitation comes from. */
export interface Inviter {
  id: string;
  name: string;
}

export interface AutoInvitationDeps {
  runtime: Runtime;
  /** The tenant's rules (cached by the registry). */
  rules: () => Promise<readonly StoredAutoInvitationRule[]>;
  /**
   * [AI2] Who an invitation on the link comes from now: an available consultant with a free slot.
   * Asked of the tenant's live state, which may run on another node ([PL11]).
   */
  inviter: (linkId: string) => Promise<Inviter | undefined> | Inviter | undefined;
  facts: (visitId: string, pageId: string) => VisitFacts | undefined;
  invite: (
    consultant: { id: string; name: string },
    visitId: string,
    text: string | null,
    ruleId: string,
  ) => Promise<unknown>;
}

const HOUR = 3_600_000;
/** Browsers remembered for the frequency cap at most (the longest cap is 720 hours). */
const MAX_REMEMBERED = 50_000;

/**
 * [AI1]–[AI4] Automatic invitations of one tenant: each page a visit shows starts the clock of
 * the soonest matching rule (injected timers); when it runs out, the invitation goes if the tab
 * still shows that page, the visit has viewed enough pages, nothing is pending, the browser was
 * not invited within the rule's cap, and a consultant of the link is available.
 */
export class AutoInvitations {
  private readonly timers = new Map<string, TimerHandle>();
  /** [AI3] When each browser (visitor key) was last invited automatically. */
  private readonly lastInvited = new Map<string, number>();

  constructor(private readonly deps: AutoInvitationDeps) {}

  /** A tab shows a new page: the previous page's clock stops, the new one's starts. */
  pageShown(pageId: string, visitId: string, linkId: string, url: string): void {
    this.pageGone(pageId);
    // A placeholder, so a tab closed while the rules load starts no clock.
    const pending: TimerHandle = { cancel: () => undefined };
    this.timers.set(pageId, pending);
    void this.deps
      .rules()
      .then((rules) => {
        const [rule] = matchingRules(rules, linkId, url);
        if (!rule || this.timers.get(pageId) !== pending) return;
        const timer = this.deps.runtime.timers.setTimeout(() => {
          this.timers.delete(pageId);
          void this.fire(rule, pageId, visitId, url).catch(() => undefined);
        }, rule.seconds * 1000);
        this.timers.set(pageId, timer);
      })
      .catch(() => undefined);
  }

  pageGone(pageId: string): void {
    this.timers.get(pageId)?.cancel();
    this.timers.delete(pageId);
  }

  /** Every page's clock stops (the tenant's site visitors run elsewhere now, [PL31]). */
  stop(): void {
    for (const pageId of [...this.timers.keys()]) this.pageGone(pageId);
  }

  private async fire(rule: StoredAutoInvitationRule, pageId: string, visitId: string, url: string): Promise<void> {
    const facts = this.deps.facts(visitId, pageId);
    if (!facts || facts.url !== url || facts.busy || facts.pagesViewed < rule.pages) return;
    const now = this.deps.runtime.clock.now();
    const last = this.lastInvited.get(facts.visitorKey);
    if (last !== undefined && now - last < rule.capHours * HOUR) return;
    const consultant = await this.deps.inviter(facts.linkId);
    if (!consultant) return;
    // The answer may have taken a round trip to the owner: the tab must still be there and free.
    const still = this.deps.facts(visitId, pageId);
    if (!still || still.url !== url || still.busy) return;
    this.remember(facts.visitorKey, now);
    await this.deps.invite(consultant, visitId, rule.text, rule.id);
  }

  private remember(visitorKey: string, now: number): void {
    this.lastInvited.delete(visitorKey);
    this.lastInvited.set(visitorKey, now);
    // Insertion order is age order: the oldest go first once the map is full.
    for (const key of this.lastInvited.keys()) {
      if (this.lastInvited.size <= MAX_REMEMBERED) break;
      this.lastInvited.delete(key);
    }
  }
}
