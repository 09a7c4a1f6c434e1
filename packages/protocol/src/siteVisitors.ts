import { z } from 'zod';
import { ClientInfo } from './callMedia.ts';
import { VisitorIdentity } from './desk.ts';

/**
 * Site visitors (issue 15, F-28; rules [SV1]–[SV9] in docs/SPEC.md): the loader on the customer's
 * page reports the pages a visitor opens over its own small WebSocket (`/ws/site`), consoles
 * watch the live list over theirs, and a consultant may invite a visitor to a conversation.
 */

/** Bumped on any incompatible change to the site socket's messages. */
export const SITE_PROTOCOL_VERSION = 1;

export const MAX_PAGE_URL = 2048;
export const MAX_PAGE_TITLE = 300;
export const MAX_INVITATION_TEXT = 500;
/** Pages of one visit kept (and shown) at most: the latest ones. */
export const MAX_VISIT_PAGES = 50;

const id = z.string().min(1).max(64);
/** Ids the server made and the loader keeps in the page's storage: no other characters. */
const token = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/** The WHATWG URL of browsers and Node, declared here: this package compiles without DOM or Node types. */
declare const URL: new (input: string) => {
  username: string;
  password: string;
  hostname: string;
  origin: string;
  pathname: string;
};

/** [SV2] An http(s) URL as origin and path (no query, no fragment, no credentials), or null. */
export function pageUrl(input: string): string | null {
  if (!/^https?:\/\//i.test(input)) return null;
  try {
    const url = new URL(input);
    if (url.username || url.password || url.hostname === '') return null;
    return `${url.origin}${url.pathname}`;
  } catch {
    return null;
  }
}

/**
 * [SV2] An http(s) URL, kept as origin and path only: the query and fragment may carry personal
 * data (e-mail links, tokens), so they are never taken.
 */
export const PageUrl = z
  .string()
  .max(MAX_PAGE_URL)
  .transform((value, ctx) => {
    const url = pageUrl(value);
    if (url === null) {
      ctx.addIssue({ code: 'custom', message: 'not an http(s) URL' });
      return z.NEVER;
    }
    return url;
  });

/** [SV2] The page a visitor opened, as the loader reports it. */
export const SitePageInput = z.object({
  url: PageUrl,
  title: z
    .string()
    .max(MAX_PAGE_TITLE * 2)
    .transform((t) => t.trim().slice(0, MAX_PAGE_TITLE)),
  /** Where the visitor came from; anything but an http(s) URL (an app, a blocked referrer) is ''. */
  referrer: z
    .string()
    .max(MAX_PAGE_URL)
    .transform((r) => PageUrl.safeParse(r).data ?? ''),
});
export type SitePageInput = z.infer<typeof SitePageInput>;

/** [SV1] The loader's first message on the site socket. */
export const SiteHello = z.object({
  type: z.literal('site.hello'),
  v: z.number().int(),
  linkKey: id,
  /** [SV3] The visit and visitor the page's first-party storage remembers, if any. */
  visitId: token.optional(),
  visitorKey: token.optional(),
  page: SitePageInput,
  /** The browser's preferred language tag (BCP 47), e.g. `pt-BR`. */
  language: z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/),
  /** [SV4] The page's own `navigator.doNotTrack` / `globalPrivacyControl`. */
  doNotTrack: z.boolean(),
  /** [SV2][K2] The page identified the visitor (signed); an invalid one is dropped, not refused. */
  identity: VisitorIdentity.optional().catch(undefined),
});
export type SiteHello = z.infer<typeof SiteHello>;

export const InvitationAnswer = z.enum(['accepted', 'declined']);
export type InvitationAnswer = z.infer<typeof InvitationAnswer>;

/** What the loader sends after the hello. */
export const SiteClientMessage = z.discriminatedUnion('type', [
  /** [SV2] A single-page app moved to another page. */
  z.object({ type: z.literal('site.page'), page: SitePageInput }),
  /** [SV8] The visitor accepted or closed an invitation card. */
  z.object({ type: z.literal('site.invitation.answer'), invitationId: id, answer: InvitationAnswer }),
]);
export type SiteClientMessage = z.infer<typeof SiteClientMessage>;

/** What the loader receives. */
export const SiteServerMessage = z.discriminatedUnion('type', [
  /** [SV3] Keep these in the page's storage; `returning`: this browser visited before. */
  z.object({ type: z.literal('site.welcome'), visitId: token, visitorKey: token, returning: z.boolean() }),
  /** [SV4] Nothing is kept for this visitor: forget the stored ids. The server closes the socket. */
  z.object({ type: z.literal('site.untracked'), reason: z.enum(['off', 'do_not_track']) }),
  /** [SV7] A consultant invites the visitor: show the text (as text) with Start chat and close. */
  z.object({
    type: z.literal('site.invitation'),
    invitationId: id,
    text: z.string().max(MAX_INVITATION_TEXT + 200),
    /** The card's two labels, in the visitor's language. */
    labels: z.object({ start: z.string(), close: z.string() }),
  }),
  /** [SV8] The invitation was answered in another tab of the visit: take its card away. */
  z.object({ type: z.literal('site.invitation.closed'), invitationId: id }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type SiteServerMessage = z.infer<typeof SiteServerMessage>;

// ---------------------------------------------------------------- the console's Visitors list

export const SitePageView = z.object({
  url: z.string(),
  title: z.string(),
  referrer: z.string(),
  openedAt: z.number(),
  /** When its last tab closed or the visitor moved on; null while it is open. */
  closedAt: z.number().nullable(),
});
export type SitePageView = z.infer<typeof SitePageView>;

export const InvitationState = z.enum(['sent', 'accepted', 'declined', 'ignored']);
export type InvitationState = z.infer<typeof InvitationState>;

export const VisitConversationState = z.enum(['none', 'queued', 'ringing', 'active']);
export type VisitConversationState = z.infer<typeof VisitConversationState>;

/** [SV5] One visitor on the tenant's sites, as the Visitors list shows it. */
export const SiteVisitorView = z.object({
  visitId: z.string(),
  linkId: z.string(),
  linkName: z.string(),
  startedAt: z.number(),
  /** False once every page of the visit is closed (the visitor leaves the list a while later). */
  online: z.boolean(),
  returning: z.boolean(),
  /** Pages of this visit, oldest first (the latest MAX_VISIT_PAGES). */
  pages: z.array(SitePageView),
  pagesViewed: z.number().int().nonnegative(),
  /** The referrer of the visit's first page. */
  referrer: z.string(),
  client: ClientInfo.nullable(),
  language: z.string(),
  contact: z.object({ id: z.string(), name: z.string() }).nullable(),
  conversation: VisitConversationState,
  invitation: z
    .object({ id: z.string(), state: InvitationState, consultantName: z.string(), sentAt: z.number() })
    .nullable(),
});
export type SiteVisitorView = z.infer<typeof SiteVisitorView>;

/** Console → server over the consultant's WebSocket. */
export const SiteVisitorClientMessages = [
  /** [SV5] Start (true) or stop receiving the live Visitors list. */
  z.object({ type: z.literal('visitors.watch'), watch: z.boolean() }),
  /** [SV7] Invite a visitor; `text: null` sends the default invitation in the visitor's language. */
  z.object({
    type: z.literal('visitors.invite'),
    visitId: id,
    text: z.string().trim().min(1).max(MAX_INVITATION_TEXT).nullable(),
  }),
] as const;

/** Server → console. */
export const SiteVisitorServerMessages = [
  /** [SV5] The whole list, sent when a console starts watching. */
  z.object({ type: z.literal('visitors.list'), visitors: z.array(SiteVisitorView) }),
  /** [SV5] One visitor arrived or changed. */
  z.object({ type: z.literal('visitors.updated'), visitor: SiteVisitorView }),
  /** [SV6] A visitor left the list. */
  z.object({ type: z.literal('visitors.left'), visitId: z.string() }),
] as const;

/** [SV1][SV4] The tenant's site-visitor settings (admins change them). */
export const SiteVisitorSettingsBody = z.object({ enabled: z.boolean(), honourDoNotTrack: z.boolean() });
export type SiteVisitorSettingsBody = z.infer<typeof SiteVisitorSettingsBody>;

/**
 * [AI1] An automatic invitation rule of a link: on a page whose path matches `urlPattern` (`*`
 * matches any characters, e.g. `/shop/*`), after `seconds` on that page, once the visit has
 * viewed at least `pages` pages, at most once every `capHours` per visitor. `text` null: the
 * default invitation in the visitor's language ([SV7]).
 */
export const AutoInvitationRule = z.object({
  linkId: z.string().min(1).max(64),
  urlPattern: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .regex(/^\/[^\s]*$/, 'a path starting with /'),
  seconds: z.number().int().min(1).max(3600),
  pages: z.number().int().min(1).max(100),
  capHours: z.number().int().min(1).max(720),
  text: z.string().trim().min(1).max(500).nullable(),
  enabled: z.boolean(),
});
export type AutoInvitationRule = z.infer<typeof AutoInvitationRule>;

export const MAX_AUTO_INVITATION_RULES = 50;

/** [AI1] Every rule of the tenant, replaced as a whole by an admin. */
export const AutoInvitationRulesBody = z.object({
  rules: z.array(AutoInvitationRule).max(MAX_AUTO_INVITATION_RULES),
});
export type AutoInvitationRulesBody = z.infer<typeof AutoInvitationRulesBody>;
