import type { LiveEvent } from '../ports/liveEvents.ts';
import type { Outbox } from '../ports/outbox.ts';
import {
  defaultSiteVisitorOptions,
  TenantSiteVisitors,
  type SiteVisitorDeps,
  type SiteVisitorOptions,
} from './siteVisitors.ts';
import { defaultSiteVisitorSettings, type SiteVisitorSettings } from './tracking.ts';
import type { AutoInvitationDeps, StoredAutoInvitationRule } from './autoInvitations.ts';

/** Every tenant's site visitors, one unit per tenant made on first use (as `LiveRegistry`). */
export class SiteVisitorRegistry {
  private readonly tenants = new Map<string, TenantSiteVisitors>();
  /** [AI1] Each tenant's rules, read once and again after an admin saves them. */
  private readonly rules = new Map<string, Promise<StoredAutoInvitationRule[]>>();

  constructor(
    private readonly deps: Omit<SiteVisitorDeps, 'options' | 'auto'> & {
      options?: SiteVisitorOptions;
      /** [AI2] Who on a link may send an automatic invitation now (the live state knows). */
      inviter?: (tenantId: string, linkId: string) => ReturnType<AutoInvitationDeps['inviter']>;
      /** [PL31][PL30] A cluster: the tenant's outbox while this node holds its lease (quiet after). */
      outboxOf?: (tenantId: string) => Outbox;
    },
  ) {}

  of(tenantId: string): TenantSiteVisitors {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      const { inviter, outboxOf } = this.deps;
      tenant = new TenantSiteVisitors(tenantId, {
        ...this.deps,
        outbox: outboxOf ? outboxOf(tenantId) : this.deps.outbox,
        options: this.deps.options ?? defaultSiteVisitorOptions,
        ...(inviter
          ? {
              auto: {
                rules: (id: string) => this.autoInvitationRules(id),
                inviter,
                forgetRules: () => this.rules.delete(tenantId),
              },
            }
          : {}),
      });
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  /** [SV1][SV4] The tenant's settings, defaults until an admin saves them. */
  async settings(tenantId: string): Promise<SiteVisitorSettings> {
    return (await this.deps.store.siteVisitorSettings(tenantId)) ?? defaultSiteVisitorSettings;
  }

  setSettings(tenantId: string, settings: SiteVisitorSettings): Promise<void> {
    return this.deps.store.setSiteVisitorSettings(tenantId, settings);
  }

  /**
   * [AI5][PL32] The rules as stored, for an admin: not this node's cache, which in a cluster only
   * the tenant's owner keeps up to date.
   */
  storedAutoInvitationRules(tenantId: string): Promise<StoredAutoInvitationRule[]> {
    return this.deps.store.autoInvitationRules(tenantId);
  }

  /** [AI1] The tenant's automatic invitation rules (cached; the owner's decide the invitations). */
  autoInvitationRules(tenantId: string): Promise<StoredAutoInvitationRule[]> {
    let rules = this.rules.get(tenantId);
    if (!rules) {
      rules = this.deps.store.autoInvitationRules(tenantId);
      // A failed read is tried again next time rather than remembered.
      rules.catch(() => this.rules.delete(tenantId));
      this.rules.set(tenantId, rules);
    }
    return rules;
  }

  /** [AI1] An admin's rules replace the tenant's; pages opened from now on follow them. */
  async setAutoInvitationRules(tenantId: string, rules: readonly StoredAutoInvitationRule[]): Promise<void> {
    await this.deps.store.setAutoInvitationRules(tenantId, rules);
    this.rules.delete(tenantId);
  }

  /** [PL31] The tenant's lease was taken or lost here: what this node knew of its visitors goes. */
  drop(tenantId: string): void {
    this.tenants.get(tenantId)?.dispose();
    this.tenants.delete(tenantId);
  }

  /** [PL31] Pages and watching consoles of nodes no longer alive close, in every tenant. */
  keepNodes(alive: ReadonlySet<string>, askedAt: number): void {
    for (const tenant of this.tenants.values()) tenant.keepNodes(alive, askedAt);
  }

  onLiveEvent(event: LiveEvent): void {
    this.tenants.get(event.tenantId)?.onLiveEvent(event);
  }
}
