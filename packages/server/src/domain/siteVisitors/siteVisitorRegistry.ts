import type { LiveEvent } from '../ports/liveEvents.ts';
import {
  defaultSiteVisitorOptions,
  TenantSiteVisitors,
  type SiteVisitorDeps,
  type SiteVisitorOptions,
} from './siteVisitors.ts';
import { defaultSiteVisitorSettings, type SiteVisitorSettings } from './tracking.ts';

/** Every tenant's site visitors, one unit per tenant made on first use (as `LiveRegistry`). */
export class SiteVisitorRegistry {
  private readonly tenants = new Map<string, TenantSiteVisitors>();

  constructor(private readonly deps: Omit<SiteVisitorDeps, 'options'> & { options?: SiteVisitorOptions }) {}

  of(tenantId: string): TenantSiteVisitors {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      tenant = new TenantSiteVisitors(tenantId, {
        ...this.deps,
        options: this.deps.options ?? defaultSiteVisitorOptions,
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

  onLiveEvent(event: LiveEvent): void {
    this.tenants.get(event.tenantId)?.onLiveEvent(event);
  }
}
