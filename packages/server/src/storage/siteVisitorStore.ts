import type { Kysely } from 'kysely';
import type { InvitationState } from '@parley/protocol';
import type { InvitationRecord, SiteVisitorStore } from '../domain/siteVisitors/siteVisitors.ts';
import type { SiteVisitorSettings } from '../domain/siteVisitors/tracking.ts';
import type { StoredAutoInvitationRule } from '../domain/siteVisitors/autoInvitations.ts';
import type { Database } from './schema.ts';
import { inTransaction } from './transaction.ts';
import { num } from './rows.ts';

/** Site visitors' settings ([SV1], [SV4]) and invitations ([SV8]) in SQL. */
export class SqlSiteVisitorStore implements SiteVisitorStore {
  constructor(private readonly db: Kysely<Database>) {}

  async siteVisitorSettings(tenantId: string): Promise<SiteVisitorSettings | undefined> {
    const row = await this.db
      .selectFrom('site_visitor_settings')
      .select(['enabled', 'honour_dnt'])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    return row && { enabled: row.enabled === 1, honourDoNotTrack: row.honour_dnt === 1 };
  }

  async setSiteVisitorSettings(tenantId: string, settings: SiteVisitorSettings): Promise<void> {
    const values = { enabled: settings.enabled ? 1 : 0, honour_dnt: settings.honourDoNotTrack ? 1 : 0 };
    await this.db
      .insertInto('site_visitor_settings')
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  }

  async saveInvitation(invitation: InvitationRecord): Promise<void> {
    await this.db
      .insertInto('site_invitations')
      .values({
        id: invitation.id,
        tenant_id: invitation.tenantId,
        visit_id: invitation.visitId,
        consultant_id: invitation.consultantId,
        text: invitation.text,
        state: 'sent',
        sent_at: invitation.sentAt,
        settled_at: null,
        rule_id: invitation.ruleId ?? null,
      })
      .execute();
  }

  async settleInvitation(
    tenantId: string,
    id: string,
    state: Exclude<InvitationState, 'sent'>,
    at: number,
  ): Promise<void> {
    await this.db
      .updateTable('site_invitations')
      .set({ state, settled_at: at })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('state', '=', 'sent')
      .execute();
  }

  async listInvitations(tenantId: string, visitId: string): Promise<(InvitationRecord & { state: InvitationState })[]> {
    const rows = await this.db
      .selectFrom('site_invitations')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('visit_id', '=', visitId)
      .orderBy('sent_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      visitId: row.visit_id,
      consultantId: row.consultant_id,
      text: row.text,
      state: row.state as InvitationState,
      sentAt: num(row.sent_at),
      ruleId: row.rule_id,
    }));
  }

  async autoInvitationRules(tenantId: string): Promise<StoredAutoInvitationRule[]> {
    const rows = await this.db
      .selectFrom('auto_invitation_rules')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('position')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      linkId: row.link_id,
      urlPattern: row.url_pattern,
      seconds: num(row.seconds),
      pages: num(row.pages),
      capHours: num(row.cap_hours),
      text: row.text,
      enabled: num(row.enabled) === 1,
    }));
  }

  async setAutoInvitationRules(tenantId: string, rules: readonly StoredAutoInvitationRule[]): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await trx.deleteFrom('auto_invitation_rules').where('tenant_id', '=', tenantId).execute();
      if (rules.length === 0) return;
      await trx
        .insertInto('auto_invitation_rules')
        .values(
          rules.map((rule, position) => ({
            id: rule.id,
            tenant_id: tenantId,
            link_id: rule.linkId,
            position,
            url_pattern: rule.urlPattern,
            seconds: rule.seconds,
            pages: rule.pages,
            cap_hours: rule.capHours,
            text: rule.text,
            enabled: rule.enabled ? 1 : 0,
          })),
        )
        .execute();
    });
  }
}
