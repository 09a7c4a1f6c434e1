/**
 * The one catalogue of error codes. Every refusal Parley makes — over HTTP, over the
 * WebSocket, or inside the domain — names one of these codes, so clients can branch on
 * `code` and translate it, and operators can grep logs for it.
 */
export const errorCatalogue = {
  invalid_json: { status: 400, message: 'The message is not valid JSON.' },
  invalid_message: { status: 400, message: 'The message does not match the protocol schema.' },
  message_too_large: { status: 413, message: 'The message is too large.' },
  unsupported_protocol_version: { status: 400, message: 'This protocol version is not supported.' },
  handshake_required: { status: 400, message: 'Send hello before any other message.' },
  already_greeted: { status: 409, message: 'hello was already sent on this connection.' },
  not_authenticated: { status: 401, message: 'Log in first.' },
  invalid_credentials: { status: 401, message: 'E-mail or password is wrong.' },
  forbidden: { status: 403, message: 'You may not do that.' },
  not_found: { status: 404, message: 'Not found.' },
  link_not_found: { status: 404, message: 'This help link does not exist.' },
  conversation_not_found: { status: 404, message: 'No such conversation.' },
  illegal_transition: { status: 409, message: 'The conversation cannot do that in its current state.' },
  already_in_conversation: { status: 409, message: 'You already have an open conversation.' },
  no_consultant_available: { status: 409, message: 'No consultant is connected.' },
  consultant_busy: { status: 409, message: 'Finish your current conversation first.' },
  at_capacity: { status: 409, message: 'You already have as many conversations as you can take.' },
  broadcast_not_live: { status: 409, message: 'This broadcast is not on air.' },
  broadcast_taken: { status: 409, message: 'Another consultant is already on air in this room.' },
  disposition_required: { status: 409, message: 'Choose a disposition code before marking it done.' },
  on_hold: { status: 409, message: 'The consultant has put the conversation on hold.' },
  transfer_target_unavailable: { status: 409, message: 'That colleague or queue cannot take the conversation now.' },
  room_full: { status: 409, message: 'The room is full.' },
  wrong_link_mode: { status: 409, message: 'This link does not work that way.' },
  phone_unavailable: { status: 503, message: 'Audio via telephone is not set up on this server.' },
  media_unavailable: { status: 503, message: 'Video for broadcasts and conferences is not available on this server.' },
  media_failed: { status: 502, message: 'The media server could not set up the connection.' },
  rate_limited: { status: 429, message: 'Too many messages: slow down.' },
  too_many_connections: { status: 429, message: 'Too many connections from your network.' },
  too_many_attempts: { status: 429, message: 'Too many login attempts. Try again later.' },
  origin_not_allowed: { status: 403, message: 'This site may not use this help link.' },
  csrf_failed: { status: 403, message: 'The request did not come from Parley itself.' },
  // ---- the consultant's desk (contacts, wrap-up, transcripts) ----
  disposition_not_found: { status: 404, message: 'No such disposition code.' },
  contact_not_found: { status: 404, message: 'No such contact.' },
  contact_in_conversation: { status: 409, message: 'The contact is in a conversation now: erase it after it ends.' },
  mail_not_configured: { status: 503, message: 'Sending e-mail is not set up on this server.' },
  mail_failed: { status: 502, message: 'The e-mail could not be sent.' },
  unsupported_media_type: { status: 415, message: 'This file type is not accepted.' },
  file_too_large: { status: 413, message: 'The file is too large.' },
  storage_quota_exceeded: { status: 413, message: 'Your organisation has used up its storage for support videos.' },
  // ---- site visitors ([SV1]–[SV9]) ----
  visit_not_found: { status: 404, message: 'This visitor is no longer on the site.' },
  // ---- the admin area ----
  email_taken: { status: 409, message: 'An account with this e-mail already exists.' },
  self_lockout: { status: 409, message: 'You cannot deactivate or demote yourself.' },
  invalid_image: { status: 415, message: 'Upload a PNG, JPEG or WebP picture.' },
  invalid_site: { status: 400, message: 'Enter a website as scheme://host[:port], e.g. https://www.example.com.' },
  low_contrast: {
    status: 400,
    message: 'The button’s text colour does not stand out from its colour: WCAG AA needs a contrast of at least 4.5:1.',
  },
  // ---- accounts ([U1]–[U6]) ----
  password_too_short: { status: 400, message: 'The new password is too short.' },
  password_too_common: { status: 400, message: 'The new password is too common: choose one that is harder to guess.' },
  password_unchanged: { status: 400, message: 'The new password must differ from the current one.' },
  wrong_current_password: { status: 403, message: 'The current password is wrong.' },
  password_change_required: { status: 403, message: 'Choose a new password first.' },
  // ---- appointments and session codes ([AP1]–[AP9]) ----
  session_code_invalid: { status: 404, message: 'This session code is not valid. Check it and try again.' },
  session_code_expired: { status: 410, message: 'This session is over: its code no longer works.' },
  session_code_not_yet_valid: {
    status: 409,
    message: 'This session has not started yet: come back shortly before it.',
  },
  session_code_used: { status: 410, message: 'This session code was already used.' },
  session_code_attempts: { status: 429, message: 'Too many wrong session codes. Try again later.' },
  appointment_not_found: { status: 404, message: 'No such appointment.' },
  // ---- several nodes ([PL6]) ----
  owner_unreachable: {
    status: 503,
    message: 'The server node for your organisation did not answer in time. Try again in a moment.',
  },
  // [PL3] A write of a node whose lease has passed to another node: refused by the storage's fence.
  lease_lost: { status: 503, message: 'This server node no longer serves your organisation. Try again in a moment.' },
  // [PL40] PostgreSQL stayed unreachable (restarting, down) for longer than PARLEY_DB_RETRY_MS.
  storage_unavailable: { status: 503, message: 'The database is not answering. Try again in a moment.' },
  internal_error: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

/** WebSocket close codes Parley uses (4000–4999 is the application range). */
export const closeCodes = {
  normal: 1000,
  goingAway: 1001,
  /**
   * [OP3] The server is shutting down or restarting: reconnect at once (to this address; another
   * process or node will answer). Not fatal, and not a failure that should slow the client down.
   */
  serviceRestart: 1012,
  protocolVersion: 4001,
  notAuthenticated: 4401,
  tooLarge: 1009,
  /** [E5] The page's Origin is not among the tenant's allowed site origins. Retrying cannot help. */
  originNotAllowed: 4403,
  /** [E6] The connection kept sending past its message-rate limit after being warned. */
  rateLimited: 4429,
  /** [E7] Too many open connections from one IP address; the client may retry later. */
  tooManyConnections: 4430,
} as const;

/** Close codes after which reconnecting is pointless (a client should stop and tell the user). */
export const fatalCloseCodes: readonly number[] = [
  closeCodes.protocolVersion,
  closeCodes.notAuthenticated,
  closeCodes.originNotAllowed,
];

export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes];

/** A coded error with a typed reason; thrown by domain code, mapped at the edge. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ?? errorCatalogue[code].message);
    this.name = 'ParleyError';
    this.code = code;
  }
  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}

/** What a failed validation says about itself: zod's issues, or any with the same two fields. */
export interface ValidationIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The one text form of validation issues, for an `invalid_message` error or a command line: the
 * first three, each as `path: message` (`(root)` when the whole value is wrong), `; `-separated.
 * `pathPrefix` names paths as the caller's user knows them (`--` for command-line options).
 */
export function summarizeIssues(issues: readonly ValidationIssue[], pathPrefix = ''): string {
  return issues
    .slice(0, 3)
    .map((i) => `${pathPrefix}${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
