import type { Generated } from 'kysely';

/** [RP10] The count columns of `report_days`. */
export type RollupCountColumn =
  | 'requests'
  | 'answered'
  | 'abandoned'
  | 'declined'
  | 'rang_out'
  | 'left_message'
  | 'video'
  | 'audio'
  | 'text_mode'
  | 'transfers';
/** [RP8] Requests per local hour of the day: h0 … h23. */
export type RollupHourColumn =
  | 'h0'
  | 'h1'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'h5'
  | 'h6'
  | 'h7'
  | 'h8'
  | 'h9'
  | 'h10'
  | 'h11'
  | 'h12'
  | 'h13'
  | 'h14'
  | 'h15'
  | 'h16'
  | 'h17'
  | 'h18'
  | 'h19'
  | 'h20'
  | 'h21'
  | 'h22'
  | 'h23';

/**
 * Every table, for Kysely: the one definition of the schema that migrations/ builds. Times are
 * epoch milliseconds stored as 64-bit integers (bigint in PostgreSQL); ids are text. Kept
 * dialect-neutral so one contract suite runs against SQLite and PostgreSQL. Every row carries its
 * tenant, and every query filters on it.
 */
export interface Database {
  tenants: { id: string; name: string; slug: string; created_at: number; allowed_origins: Generated<string> };
  consultant_presence: { consultant_id: string; available: number; updated_at: number };
  consultants: {
    id: string;
    tenant_id: string;
    email: string;
    name: string;
    role: string;
    password_hash: string;
    created_at: number;
    department_id: string | null;
    /** 1 or 0 (SQLite has no boolean). */
    active: number;
    max_conversations: number;
    /** [U4] 1 while the password is a one-time one. */
    must_change_password: Generated<number>;
  };
  departments: { id: string; tenant_id: string; name: string; created_at: number };
  links: {
    id: string;
    tenant_id: string;
    key: string;
    name: string;
    mode: string;
    acceptance: string;
    created_at: number;
    department_id: string | null;
    max_wait_ms: number | null;
    offline_text: string;
    offline_image: string | null;
    /** [EA9] JSON of a `LinkTheme`; null: the default look (0013_link_theme). */
    theme: string | null;
  };
  left_messages: {
    id: string;
    tenant_id: string;
    link_id: string;
    name: string;
    email: string;
    text: string;
    created_at: number;
    handled_at: number | null;
    // [IB2]–[IB4] (0009_inbox_work)
    handled_by: string | null;
    assignee_id: string | null;
    assigned_at: number | null;
    assigned_by: string | null;
    answered_at: number | null;
    answered_by: string | null;
  };
  appointments: {
    id: string;
    tenant_id: string;
    consultant_id: string;
    link_id: string;
    starts_at: number;
    duration_minutes: number;
    ends_at: number;
    guest_name: string;
    guest_email: string | null;
    guest_phone: string | null;
    locale: string;
    status: string;
    sequence: number;
    code_hash: string;
    created_at: number;
    updated_at: number;
  };
  link_consultants: { tenant_id: string; link_id: string; consultant_id: string };
  visitors: {
    id: string;
    tenant_id: string;
    link_id: string;
    name: string;
    resume_token_hash: string;
    created_at: number;
  };
  auth_sessions: { token_hash: string; id: string; consultant_id: string; expires_at: number };
  conversations: {
    id: string;
    tenant_id: string;
    link_id: string;
    visitor_id: string;
    visitor_name: string;
    state: string;
    consultant_id: string | null;
    queued_at: number;
    accepted_at: number | null;
    closed_at: number | null;
    close_reason: string | null;
    /** The full state object, so every state's own fields survive a round trip. */
    state_json: string;
    /** [MD1] How the visitor joined (media check, mode, browser), as JSON; null before 0005_media. */
    visitor_setup_json: string | null;
    /** [DC2] The department the visitor chose on a link serving several (0010); null: any. */
    department_id: Generated<string | null>;
  };
  support_videos: {
    id: string;
    tenant_id: string;
    name: string;
    type: string;
    size: number;
    created_by: string;
    created_at: number;
  };
  messages: {
    seq: Generated<number>;
    id: string;
    tenant_id: string;
    conversation_id: string;
    client_id: string;
    sender: string;
    author_name: string;
    text: string;
    sent_at: number;
  };
  // The consultant's tools (migration 0005_consultant_tools): contacts, visitor context, notes, disposition
  // codes, wrap-ups, custom fields, canned responses and team chat.
  desk_settings: {
    tenant_id: string;
    identity_secret: string | null;
    /** 1 or 0. */
    disposition_required: number;
  };
  contacts: {
    id: string;
    tenant_id: string;
    /** The id the customer's own systems know the person by (signed, [K2]). */
    external_id: string;
    name: string;
    email: string;
    created_at: number;
    last_seen_at: number;
    /** [CT1][CT3] 'signed', 'anonymous' or 'manual' (migration 0017). */
    kind: Generated<string>;
    phone: Generated<string>;
    note: Generated<string>;
  };
  /** [CT1] The browsers of anonymous visits: the SHA-256 of the visitor key, never the key. */
  contact_keys: {
    tenant_id: string;
    key_hash: string;
    contact_id: string;
    created_at: number;
    last_seen_at: number;
  };
  /** [CT4] Who merged which contact into which, and when (consultant null: automatically, [CT2]). */
  contact_merges: {
    id: string;
    tenant_id: string;
    survivor_id: string;
    merged_id: string;
    consultant_id: string | null;
    merged_at: number;
  };
  visitor_context: {
    visitor_id: string;
    tenant_id: string;
    contact_id: string | null;
    attached_json: string;
    updated_at: number;
  };
  notes: {
    id: string;
    tenant_id: string;
    conversation_id: string;
    author_id: string;
    author_name: string;
    text: string;
    created_at: number;
  };
  dispositions: {
    id: string;
    tenant_id: string;
    code: string;
    label: string;
    active: number;
    created_at: number;
  };
  wrap_ups: {
    conversation_id: string;
    tenant_id: string;
    disposition_code: string | null;
    disposition_label: string | null;
    notes: string;
    consultant_id: string;
    done_at: number;
  };
  custom_fields: { id: string; tenant_id: string; label: string; position: number; created_at: number };
  custom_values: { tenant_id: string; conversation_id: string; field_id: string; value: string };
  canned_responses: {
    id: string;
    tenant_id: string;
    department_id: string | null;
    /** [CR1] The consultant a personal response belongs to (0010); null: shared. */
    owner_id: Generated<string | null>;
    title: string;
    text: string;
    created_at: number;
    /** [CR4] How often it was put into a chat input (0010). */
    use_count: Generated<number>;
  };
  team_messages: {
    seq: Generated<number>;
    id: string;
    tenant_id: string;
    client_id: string;
    sender_id: string;
    sender_name: string;
    recipient_id: string | null;
    text: string;
    sent_at: number;
  };
  /** [SV1][SV4] No row: both on. */
  site_visitor_settings: { tenant_id: string; enabled: number; honour_dnt: number };
  /** [CB8] No row: control off. */
  cobrowse_settings: { tenant_id: string; control: number };
  /** [SV8] Invitations sent from the Visitors list and how each ended. */
  site_invitations: {
    id: string;
    tenant_id: string;
    visit_id: string;
    consultant_id: string;
    text: string;
    state: string;
    sent_at: number;
    settled_at: number | null;
    /** [AI4] The rule that sent it (migration 0018); null: a consultant did. */
    rule_id: Generated<string | null>;
  };
  /** [AI1] Automatic invitation rules per link, in the admin's order. */
  auto_invitation_rules: {
    id: string;
    tenant_id: string;
    link_id: string;
    position: number;
    url_pattern: string;
    seconds: number;
    pages: number;
    cap_hours: number;
    text: string | null;
    /** 1 or 0. */
    enabled: number;
  };
  /** [GD1] Retention in days (null: kept) and the privacy notice; no row: the defaults. */
  privacy_settings: {
    tenant_id: string;
    chat_days: number | null;
    notes_days: number | null;
    inbox_days: number | null;
    visits_days: number | null;
    privacy_url: string | null;
  };
  /** [RP1] One row per conversation for reports (0016_reports): no personal data. */
  conversation_facts: {
    conversation_id: string;
    tenant_id: string;
    /** The link the request came in on (a transfer to another queue does not move it). */
    link_id: string;
    /** [RP2] The department the visitor chose, else the link's, when it came in. */
    department_id: string | null;
    /** The consultant who had it last (answered, declined, or rung when it closed). */
    consultant_id: string | null;
    /** [MD1] video, audio or text; null when the visitor never said. */
    mode: string | null;
    queued_at: number;
    answered_at: number | null;
    closed_at: number | null;
    /** [RP3] null while open; answered, abandoned, declined, rang_out or left_message. */
    outcome: string | null;
    wait_ms: number | null;
    handle_ms: number | null;
    transfers: Generated<number>;
    unanswered_rings: Generated<number>;
    left_message: Generated<number>;
    disposition: string | null;
  };
  /** [RP6] The tenant's IANA time zone for report buckets; no row: UTC. */
  report_settings: { tenant_id: string; time_zone: string };
  /** [PL3] The highest lease token admitted per tenant (cluster mode only; migration 0020). */
  placement_fences: { tenant_id: string; token: number | string };
  /** [PL26] Open SFU rooms and the media server each lives on (migration 0021). */
  media_rooms: { room_id: string; tenant_id: string; sfu: string; created_at: number | string };
  /** [PL38] Broadcasts on air (0022_live_media): one row per link. */
  live_broadcasts: { link_id: string; tenant_id: string; presenter_id: string; started_at: number | string };
  /** [PL39] Conversations on the SFU (0022_live_media), with the colleagues who joined them. */
  live_conferences: { conversation_id: string; tenant_id: string; members_json: string };
  /** [PL43] Calls in phone mode (0023_phone_calls), with their sides and PINs. */
  live_phone_calls: {
    conversation_id: string;
    tenant_id: string;
    visitor_id: string;
    consultant_id: string;
    members_json: string;
    pins_json: string;
  };
  /**
   * [RP10] Per-day report rollups (0019_report_rollups): one row per tenant, grain, local day and
   * kept dimensions ('' where rolled up or none), equal at every commit to a recount of
   * `conversation_facts` in the tenant's time zone.
   */
  report_days: {
    tenant_id: string;
    /** 0: department; 1: + link; 2: + consultant; 3: + link and consultant. */
    grain: number;
    /** Local day number (days since 1970-01-01 on the tenant's wall clock). */
    day: number;
    department_id: string;
    link_id: string;
    consultant_id: string;
    /** [RP11] Encoded one-second histograms (domain/reports/rollup.ts); null: no sample. */
    wait_hist: Uint8Array | null;
    handle_hist: Uint8Array | null;
    /** [C13] JSON object disposition code → count; null: none. */
    dispositions: string | null;
  } & Record<RollupCountColumn | RollupHourColumn, Generated<number>>;
}
