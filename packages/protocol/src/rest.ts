import { z } from 'zod';
import { Locale } from './messages.ts';
import { LinkLook } from './linkTheme.ts';
import { Role } from './admin.ts';

export const LoginBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(512),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** [U2] Rules a new password must meet; the server checks them ([U3]) and the console shows them. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** [U2] A consultant changes their own password: the current one proves it is them. */
export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(512),
  newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

export const ConsultantMe = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: Role,
  tenant: z.object({ id: z.string(), name: z.string() }),
  /** [U4] Signed in with a one-time password: choose a new one before anything else. */
  mustChangePassword: z.boolean(),
});
export type ConsultantMe = z.infer<typeof ConsultantMe>;

export const LinkStatusQuery = z.object({ lang: Locale.optional() });

/** Public status of a help link, read by the loader before it draws the button. */
export const LinkStatus = z.object({
  linkKey: z.string(),
  name: z.string(),
  available: z.boolean(),
  mode: z.enum(['consultation', 'pool', 'broadcast']),
  /** What the consultants want visitors to see while nobody is available (F-10). */
  offline: z.object({ text: z.string(), imageUrl: z.string().nullable() }),
  /** Labels already translated for the requested language, so the loader stays tiny. */
  labels: z.object({
    open: z.string(),
    close: z.string(),
    title: z.string(),
    /** [EA8] The availability dot's accessible description, kept live by the loader. */
    available: z.string(),
    unavailable: z.string(),
    /** [OB2][OB3] The notice for a browser that cannot run the calls (F-13), and its alternatives. */
    oldBrowser: z.object({
      title: z.string(),
      text: z.string(),
      otherBrowser: z.string(),
      device: z.string(),
      textChat: z.string(),
    }),
  }),
  /**
   * [EM1] Whether the page that asked (its browser-set `Origin`) may embed this link. False: the
   * loader draws no button and warns once; the visitor app's frame-ancestors would refuse anyway.
   */
  embedAllowed: z.boolean(),
  /**
   * [EA9] How the loader draws the button and the panel (the link's theme, else the default); a
   * custom label for the requested language is already in `labels.open`.
   */
  look: LinkLook,
});
export type LinkStatus = z.infer<typeof LinkStatus>;

export const ErrorBody = z.object({ code: z.string(), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** [C12] Where a consultant can transfer a conversation: available colleagues and the tenant's queues. */
export const TransferTargets = z.object({
  consultants: z.array(z.object({ id: z.string(), name: z.string(), free: z.boolean() })),
  links: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TransferTargets = z.infer<typeof TransferTargets>;
/** The WHATWG URL of browsers and Node, declared here: this package compiles without DOM or Node types. */
declare const URL: new (input: string) => { username: string; password: string; hostname: string; origin: string };

/**
 * [EM1] A website as an admin types it (`scheme://host[:port]`, http or https, an optional
 * trailing slash) → its canonical origin as browsers send it (lower case, punycode, no default
 * port), or null when it is anything else: a path, a query, a login, a wildcard, another scheme.
 * Shared by the console (instant, translated `invalid_site`) and the server (which decides).
 */
export function siteOrigin(input: string): string | null {
  const text = input.trim();
  if (text.length > 256 || !/^https?:\/\/[^/?#@\s*]+\/?$/i.test(text)) return null;
  try {
    const url = new URL(text);
    // `new URL` accepts a few things an origin never holds; the canonical form must round-trip.
    if (url.username || url.password || url.hostname === '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** [E5][EM1] Tenant settings an admin may change. */
export const TenantSettings = z.object({
  /**
   * Sites allowed to embed this tenant's help links (frame-ancestors, WebSocket Origin); empty:
   * any website. Each entry is checked with `siteOrigin` at the edge (`invalid_site`).
   */
  allowedOrigins: z.array(z.string().max(300)).max(50),
});
export type TenantSettings = z.infer<typeof TenantSettings>;
