import type { Kysely } from 'kysely';
import type { Directory } from '../domain/tenants/directory.ts';
import { SqlAppointmentStore } from './appointmentStore.ts';
import { SqlContactStore } from './contactStore.ts';
import { SqlConversationStore } from './conversationStore.ts';
import { SqlCustomDataStore } from './customDataStore.ts';
import { SqlAuthSessionStore } from './directory/authSessionStore.ts';
import { SqlConsultantStore } from './directory/consultantStore.ts';
import { SqlDepartmentStore } from './directory/departmentStore.ts';
import { SqlLeftMessageStore } from './directory/leftMessageStore.ts';
import { SqlLinkStore } from './directory/linkStore.ts';
import { SqlTenantStore } from './directory/tenantStore.ts';
import { SqlVisitorStore } from './directory/visitorStore.ts';
import type { Database } from './schema.ts';
import { SqlSupportVideoStore } from './supportVideoStore.ts';
import { SqlTeamMessageStore } from './teamMessageStore.ts';
import { SqlWrapUpStore } from './wrapUpStore.ts';
import { SqlSiteVisitorStore } from './siteVisitorStore.ts';
import { SqlPrivacyStore } from './privacyStore.ts';
import { SqlReportStore } from './reportStore.ts';

/**
 * One SQL store per domain port, side by side over one database; the same code serves SQLite and
 * PostgreSQL. It is a {@link Directory} too, so it can be handed to whatever needs directory pieces.
 */
export interface SqlStores extends Directory {
  conversations: SqlConversationStore;
  contacts: SqlContactStore;
  wrapUps: SqlWrapUpStore;
  customData: SqlCustomDataStore;
  team: SqlTeamMessageStore;
  supportVideos: SqlSupportVideoStore;
  /** [AP1]–[AP4] Planned sessions and their code digests. */
  appointments: SqlAppointmentStore;
  /** [SV1][SV4][SV8] Site visitors' settings and invitations. */
  siteVisitors: SqlSiteVisitorStore;
  /** [GD1]–[GD4] Retention settings and purge, a contact's export and erasure. */
  privacy: SqlPrivacyStore;
  /** [RP1]–[RP9] Report queries and the tenant's report time zone. */
  reports: SqlReportStore;
}

/** `now` stamps rows' creation times (the runtime's clock, so tests control it). */
export function sqlStores(db: Kysely<Database>, now: () => number): SqlStores {
  return {
    tenants: new SqlTenantStore(db, now),
    departments: new SqlDepartmentStore(db, now),
    consultants: new SqlConsultantStore(db, now),
    links: new SqlLinkStore(db, now),
    leftMessages: new SqlLeftMessageStore(db),
    visitors: new SqlVisitorStore(db, now),
    sessions: new SqlAuthSessionStore(db),
    conversations: new SqlConversationStore(db, now),
    contacts: new SqlContactStore(db),
    wrapUps: new SqlWrapUpStore(db, now),
    customData: new SqlCustomDataStore(db, now),
    team: new SqlTeamMessageStore(db),
    supportVideos: new SqlSupportVideoStore(db),
    appointments: new SqlAppointmentStore(db),
    siteVisitors: new SqlSiteVisitorStore(db),
    privacy: new SqlPrivacyStore(db),
    reports: new SqlReportStore(db),
  };
}
