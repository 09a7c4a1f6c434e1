import type { InvitationAnswer, SitePageInput } from '@parley/protocol';
import type { PageOpening, PageSink } from './siteVisitors.ts';

/** What a page gets back when it opens ([SV3]). */
export interface OpenedPage {
  pageId: string;
  visitId: string;
  visitorKey: string;
  returning: boolean;
}

/**
 * [PL31] What the edge (a site socket, a console, a visitor's socket) asks of a tenant's site
 * visitors, wherever they run: `TenantSiteVisitors` itself on the tenant's owner (and on a single
 * node), or the owner's through forwarded commands in a cluster (`cluster/siteVisitorCommands.ts`).
 * Every answer may take a round trip, so callers await them all.
 */
export interface SiteVisitorCommands {
  openPage(opening: PageOpening, sink: PageSink): OpenedPage | Promise<OpenedPage>;
  changePage(pageId: string, input: SitePageInput): void | Promise<void>;
  closePage(pageId: string): void | Promise<void>;
  answer(pageId: string, invitationId: string, answer: InvitationAnswer): void | Promise<void>;
  /** @param node the node of the console's socket (a cluster): its watch ends if that node dies. */
  watch(consultantId: string, node?: string): void | Promise<void>;
  unwatch(consultantId: string, node?: string): void | Promise<void>;
  invite(consultant: { id: string; name: string }, visitId: string, text: string | null): Promise<string>;
  appConnected(visitId: string, visitorId: string): string | undefined | Promise<string | undefined>;
  showContact(visitorId: string, contact: { id: string; name: string }): void | Promise<void>;
  preferredConsultant(visitorId: string): string | undefined | Promise<string | undefined>;
  /** [PL32] An admin saved new automatic invitation rules: the owner reads them again. */
  rulesChanged(): void | Promise<void>;
}

/** A tenant's site visitors as a socket holds them, and who runs them (compared when it moves). */
export interface SiteVisitorBinding {
  sites: SiteVisitorCommands;
  owner: string;
}

/** The methods that may be forwarded to the owner ([PL6]); nothing else runs from another node. */
export const siteVisitorMethods = [
  'openPage',
  'changePage',
  'closePage',
  'answer',
  'watch',
  'unwatch',
  'invite',
  'appConnected',
  'showContact',
  'preferredConsultant',
  'rulesChanged',
] as const satisfies readonly (keyof SiteVisitorCommands)[];
