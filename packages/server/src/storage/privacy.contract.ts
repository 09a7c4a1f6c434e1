import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consultantDefaults, linkDefaults } from '../domain/tenants/directory.ts';
import { cutoffsFor, defaultPrivacySettings } from '../domain/privacy/privacy.ts';
import { migrateToLatest, type OpenDatabase } from './database.ts';
import type { Database } from './schema.ts';
import { sqlStores, type SqlStores } from './stores.ts';

const DAY = 86_400_000;

/** [GD1]–[GD4] Retention and a contact's export and erasure, on SQLite and PostgreSQL alike. */
export function privacyContract(name: string, open: () => Promise<OpenDatabase>): void {
  describe(`storage contract (privacy): ${name}`, () => {
    let database: OpenDatabase;
    let store: SqlStores;
    const run = Math.random().toString(36).slice(2, 8);
    const id = (s: string): string => `${s}_p${run}`;
    const now = 1_800_000_000_000;
    const tenant = id('t1');
    const other = id('t2');

    /** One visitor with a closed conversation of `closedAt`, its transcript, note, wrap-up and page data. */
    async function visitorWithConversation(key: string, t: string, closedAt: number | null, marker: string) {
      const db = database.db;
      await db
        .insertInto('visitors')
        .values({
          id: id(`v${key}`),
          tenant_id: t,
          link_id: id(`l${t}`),
          name: marker,
          resume_token_hash: id(`h${key}`),
          created_at: closedAt ?? now,
        })
        .execute();
      await db
        .insertInto('conversations')
        .values({
          id: id(`c${key}`),
          tenant_id: t,
          link_id: id(`l${t}`),
          visitor_id: id(`v${key}`),
          visitor_name: marker,
          state: closedAt === null ? 'active' : 'done',
          consultant_id: id(`a${t}`),
          queued_at: (closedAt ?? now) - 60_000,
          accepted_at: (closedAt ?? now) - 50_000,
          closed_at: closedAt,
          close_reason: closedAt === null ? null : 'consultant',
          state_json: '{}',
          visitor_setup_json: JSON.stringify({ browser: marker }),
        })
        .execute();
      await db
        .insertInto('messages')
        .values({
          id: id(`m${key}`),
          tenant_id: t,
          conversation_id: id(`c${key}`),
          client_id: 'x',
          sender: 'visitor',
          author_name: marker,
          text: `hello from ${marker}`,
          sent_at: (closedAt ?? now) - 40_000,
        })
        .execute();
      await db
        .insertInto('notes')
        .values({
          id: id(`n${key}`),
          tenant_id: t,
          conversation_id: id(`c${key}`),
          author_id: id(`a${t}`),
          author_name: 'Ann',
          text: `note on ${marker}`,
          created_at: (closedAt ?? now) - 30_000,
        })
        .execute();
      if (closedAt !== null) {
        await db
          .insertInto('wrap_ups')
          .values({
            conversation_id: id(`c${key}`),
            tenant_id: t,
            disposition_code: null,
            disposition_label: null,
            notes: `wrap ${marker}`,
            consultant_id: id(`a${t}`),
            done_at: closedAt,
          })
          .execute();
      }
      await db
        .insertInto('visitor_context')
        .values({
          visitor_id: id(`v${key}`),
          tenant_id: t,
          contact_id: null,
          attached_json: JSON.stringify({ account: marker }),
          updated_at: closedAt ?? now,
        })
        .execute();
    }

    /** Every row of the tenant in every table, as text: where a marker must not be found. */
    async function everything(t: string): Promise<string> {
      const tables: (keyof Database)[] = [
        'visitors',
        'conversations',
        'messages',
        'notes',
        'wrap_ups',
        'custom_values',
        'visitor_context',
        'contacts',
        'left_messages',
        'appointments',
        'team_messages',
        'site_invitations',
      ];
      const rows: unknown[] = [];
      for (const table of tables) {
        rows.push(await database.db.selectFrom(table).selectAll().where('tenant_id', '=', t).execute());
      }
      return JSON.stringify(rows);
    }

    beforeAll(async () => {
      database = await open();
      await migrateToLatest(database);
      store = sqlStores(database.db, () => now);
      for (const t of [tenant, other]) {
        await store.tenants.createTenant({ id: t, name: t, slug: t });
        await store.consultants.createConsultant({
          id: id(`a${t}`),
          tenantId: t,
          email: `a.${t}@privacy.test`,
          name: 'Ann',
          role: 'consultant',
          passwordHash: 'h',
          ...consultantDefaults,
        });
        await store.links.createLink({ id: id(`l${t}`), tenantId: t, key: id(`k${t}`), name: 'L', ...linkDefaults });
      }
    });
    afterAll(async () => {
      await database.db.destroy();
    });

    it('[GD1] settings: none stored gives undefined (the defaults apply); stored ones read back', async () => {
      expect(await store.privacy.privacySettings(tenant)).toBeUndefined();
      const settings = { chatDays: 30, notesDays: null, inboxDays: 7, visitsDays: 1, privacyUrl: 'https://x.test/p' };
      await store.privacy.setPrivacySettings(tenant, settings);
      expect(await store.privacy.privacySettings(tenant)).toEqual(settings);
      await store.privacy.setPrivacySettings(tenant, defaultPrivacySettings);
      expect(await store.privacy.privacySettings(tenant)).toEqual(defaultPrivacySettings);
    });

    it("[GD2] the purge removes what is older than each period, keeps newer, open and other tenants' data", async () => {
      await visitorWithConversation('old', tenant, now - 400 * DAY, 'OLDMARK');
      await visitorWithConversation('old2', tenant, now - 500 * DAY, 'OLDMARK');
      await visitorWithConversation('new', tenant, now - 2 * DAY, 'NEWMARK');
      await visitorWithConversation('open', tenant, null, 'OPENMARK');
      await visitorWithConversation('otherold', other, now - 400 * DAY, 'OTHERMARK');
      await database.db
        .insertInto('left_messages')
        .values([
          {
            id: id('lm-old'),
            tenant_id: tenant,
            link_id: id(`l${tenant}`),
            name: 'OLDMARK',
            email: 'o@x.test',
            text: 'OLDMARK',
            created_at: now - 400 * DAY,
            handled_at: null,
            handled_by: null,
            assignee_id: null,
            assigned_at: null,
            assigned_by: null,
            answered_at: null,
            answered_by: null,
          },
          {
            id: id('lm-new'),
            tenant_id: tenant,
            link_id: id(`l${tenant}`),
            name: 'NEWMARK',
            email: 'n@x.test',
            text: 'NEWMARK',
            created_at: now - DAY,
            handled_at: null,
            handled_by: null,
            assignee_id: null,
            assigned_at: null,
            assigned_by: null,
            answered_at: null,
            answered_by: null,
          },
        ])
        .execute();
      const counts = await store.privacy.purge(tenant, cutoffsFor(defaultPrivacySettings, now));
      expect(counts).toMatchObject({
        messages: 2,
        notes: 2,
        left_messages: 1,
        'conversations (visitor removed)': 2,
        'wrap_ups (notes removed)': 2,
        visitor_context: 2,
        'visitors (name removed)': 2,
      });
      const left = await everything(tenant);
      expect(left).not.toContain('OLDMARK');
      expect(left).toContain('NEWMARK');
      expect(left).toContain('OPENMARK');
      expect(await everything(other)).toContain('OTHERMARK');
      // The old conversation stays for reports, without who it was.
      const kept = await database.db
        .selectFrom('conversations')
        .selectAll()
        .where('id', '=', id('cold'))
        .executeTakeFirst();
      expect(kept).toMatchObject({ visitor_name: '', visitor_setup_json: null, state: 'done' });
      // A second run finds nothing more.
      expect(await store.privacy.purge(tenant, cutoffsFor(defaultPrivacySettings, now))).toEqual({});
      // Kept forever: nothing goes.
      const forever = { ...defaultPrivacySettings, chatDays: null, notesDays: null, inboxDays: null, visitsDays: null };
      expect(await store.privacy.purge(other, cutoffsFor(forever, now))).toEqual({});
    });

    it('[GD3][GD4] a contact is exported whole, then erased from every table; others stay', async () => {
      await visitorWithConversation('zofia1', tenant, now - DAY, 'ZOFIAMARK');
      await visitorWithConversation('zofia2', tenant, now - 3 * DAY, 'ZOFIAMARK');
      await database.db
        .insertInto('contacts')
        .values({
          id: id('zofia'),
          tenant_id: tenant,
          external_id: 'crm-ZOFIAMARK',
          name: 'Zofia ZOFIAMARK',
          email: 'Zofia@Example.test',
          created_at: now - 5 * DAY,
          last_seen_at: now,
        })
        .execute();
      await database.db
        .updateTable('visitor_context')
        .set({ contact_id: id('zofia') })
        .where('visitor_id', 'in', [id('vzofia1'), id('vzofia2')])
        .execute();
      await database.db
        .insertInto('left_messages')
        .values({
          id: id('lm-z'),
          tenant_id: tenant,
          link_id: id(`l${tenant}`),
          name: 'Z',
          email: 'zofia@example.test',
          text: 'call me ZOFIAMARK',
          created_at: now,
          handled_at: null,
          handled_by: null,
          assignee_id: null,
          assigned_at: null,
          assigned_by: null,
          answered_at: null,
          answered_by: null,
        })
        .execute();
      await database.db
        .insertInto('appointments')
        .values({
          id: id('apz'),
          tenant_id: tenant,
          consultant_id: id(`a${tenant}`),
          link_id: id(`l${tenant}`),
          starts_at: now + DAY,
          duration_minutes: 30,
          ends_at: now + DAY + 1_800_000,
          guest_name: 'ZOFIAMARK',
          guest_email: 'ZOFIA@example.test',
          guest_phone: null,
          locale: 'pl',
          status: 'scheduled',
          sequence: 0,
          code_hash: id('hz'),
          created_at: now,
          updated_at: now,
        })
        .execute();

      const exported = await store.privacy.exportContact(tenant, id('zofia'), now);
      expect(exported?.contact).toMatchObject({ externalId: 'crm-ZOFIAMARK', email: 'Zofia@Example.test' });
      expect(exported?.conversations.map((c) => c.id).sort()).toEqual([id('czofia1'), id('czofia2')].sort());
      expect(exported?.conversations[0]?.messages[0]?.text).toBe('hello from ZOFIAMARK');
      expect(exported?.conversations[0]?.notes).toHaveLength(1);
      expect(exported?.visitors.map((v) => v.attached)).toEqual([{ account: 'ZOFIAMARK' }, { account: 'ZOFIAMARK' }]);
      expect(exported?.leftMessages.map((m) => m.id)).toEqual([id('lm-z')]);
      expect(exported?.appointments.map((a) => a.id)).toEqual([id('apz')]);
      expect(await store.privacy.exportContact(other, id('zofia'), now)).toBeUndefined();

      const erased = await store.privacy.eraseContact(tenant, id('zofia'));
      expect(erased?.removed).toMatchObject({
        conversations: 2,
        messages: 2,
        notes: 2,
        contacts: 1,
        left_messages: 1,
        appointments: 1,
        visitors: 2,
      });
      expect(await everything(tenant)).not.toMatch(/ZOFIAMARK|zofia@example/i);
      expect(await everything(tenant)).toContain('NEWMARK');
      expect(await store.privacy.eraseContact(tenant, id('zofia'))).toBeUndefined();
    });

    it('[GD4] a contact in a live conversation is not erased (coded), and nothing is removed', async () => {
      await database.db
        .insertInto('contacts')
        .values({
          id: id('live'),
          tenant_id: tenant,
          external_id: 'crm-live',
          name: 'Live',
          email: '',
          created_at: now,
          last_seen_at: now,
        })
        .execute();
      await database.db
        .updateTable('visitor_context')
        .set({ contact_id: id('live') })
        .where('visitor_id', '=', id('vopen'))
        .execute();
      await expect(store.privacy.eraseContact(tenant, id('live'))).rejects.toMatchObject({
        code: 'contact_in_conversation',
      });
      expect(await everything(tenant)).toContain('OPENMARK');
    });
  });
}
