import type { Generated } from 'kysely';

/**
 * Tables of the consultant's desk (migration `0005_desk`): contacts, visitor context, notes,
 * disposition codes, wrap-ups, custom fields, canned responses and team chat. Every row carries
 * its tenant, and every query filters on it.
 */
export interface DeskTables {
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
    title: string;
    text: string;
    created_at: number;
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
}
