import type { Generated } from 'kysely';
import type { DeskTables } from './deskSchema.ts';

/**
 * Table types for Kysely. Times are epoch milliseconds stored as 64-bit integers
 * (bigint in PostgreSQL); ids are text. Kept dialect-neutral so one contract suite
 * runs against SQLite and PostgreSQL.
 */
export interface Database extends DeskTables {
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
}
