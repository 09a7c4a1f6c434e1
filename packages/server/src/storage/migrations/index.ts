import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialectName } from '../dialect.ts';
import { foundation } from './0001_foundation.ts';
import { routing } from './0002_routing.ts';
import { conversationNotes } from './0003_conversation_notes.ts';
import { trust } from './0004_trust.ts';
import { consultantTools } from './0005_consultant_tools.ts';
import { media } from './0006_media.ts';
import { dropConversationNotes } from './0007_drop_conversation_notes.ts';
import { accounts } from './0008_accounts.ts';
import { inboxWork } from './0009_inbox_work.ts';
import { cannedOwnerAndChosenDepartment } from './0010_canned_owner_and_chosen_department.ts';
import { siteVisitors } from './0011_site_visitors.ts';
import { appointments } from './0012_appointments.ts';
import { linkTheme } from './0013_link_theme.ts';
import { privacy } from './0014_privacy.ts';
import { cobrowseSettings } from './0015_cobrowse_settings.ts';
import { reports } from './0016_reports.ts';
import { contactsForEveryone } from './0017_contacts_for_everyone.ts';
import { autoInvitations } from './0018_auto_invitations.ts';
import { reportRollups } from './0019_report_rollups.ts';
import { placementFences } from './0020_placement_fences.ts';
import { mediaRooms } from './0021_media_rooms.ts';
import { liveMedia } from './0022_live_media.ts';
import { phoneCalls } from './0023_phone_calls.ts';

export interface NamedMigration {
  /** What Kysely records in `kysely_migration`; the file is `./<name>.ts`. */
  name: string;
  migration: (dialect: SqlDialectName) => Migration;
}

/**
 * Every schema change, in the order it runs. A new one takes the next number and goes last:
 * Kysely refuses a database whose recorded migrations are not the first ones of this list, so a
 * migration can never again be slipped in below one that already ran (docs/decisions/0005-ordered-migrations.md).
 */
export const migrations: readonly NamedMigration[] = [
  { name: '0001_foundation', migration: foundation },
  { name: '0002_routing', migration: () => routing },
  { name: '0003_conversation_notes', migration: () => conversationNotes },
  { name: '0004_trust', migration: () => trust },
  { name: '0005_consultant_tools', migration: consultantTools },
  { name: '0006_media', migration: () => media },
  { name: '0007_drop_conversation_notes', migration: () => dropConversationNotes },
  { name: '0008_accounts', migration: () => accounts },
  { name: '0009_inbox_work', migration: () => inboxWork },
  { name: '0010_canned_owner_and_chosen_department', migration: () => cannedOwnerAndChosenDepartment },
  { name: '0011_site_visitors', migration: () => siteVisitors },
  { name: '0012_appointments', migration: () => appointments },
  { name: '0013_link_theme', migration: () => linkTheme },
  { name: '0014_privacy', migration: () => privacy },
  { name: '0015_cobrowse_settings', migration: () => cobrowseSettings },
  { name: '0016_reports', migration: () => reports },
  { name: '0017_contacts_for_everyone', migration: () => contactsForEveryone },
  { name: '0018_auto_invitations', migration: () => autoInvitations },
  { name: '0019_report_rollups', migration: reportRollups },
  { name: '0020_placement_fences', migration: () => placementFences },
  { name: '0021_media_rooms', migration: () => mediaRooms },
  { name: '0022_live_media', migration: () => liveMedia },
  { name: '0023_phone_calls', migration: () => phoneCalls },
];

/** Migrations live in code (not files found on disk) so the server bundle needs no directory scanning. */
export function migrationProvider(dialect: SqlDialectName): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve(Object.fromEntries(migrations.map(({ name, migration }) => [name, migration(dialect)]))),
  };
}
