import { ParleyError, type ContactErasure, type ContactExport } from '@parley/protocol';
import type { Clock } from '../runtime.ts';
import {
  cutoffsFor,
  defaultPrivacySettings,
  type PrivacySettings,
  type PrivacyStore,
  type PurgeCounts,
} from './privacy.ts';

/** [GD1]–[GD4] The tenant's retention periods and privacy notice, and what an admin may do with one contact. */
export class PrivacyService {
  constructor(
    private readonly store: PrivacyStore,
    private readonly clock: Clock,
  ) {}

  async settings(tenantId: string): Promise<PrivacySettings> {
    return (await this.store.privacySettings(tenantId)) ?? defaultPrivacySettings;
  }

  setSettings(tenantId: string, settings: PrivacySettings): Promise<void> {
    return this.store.setPrivacySettings(tenantId, settings);
  }

  /** Applies the tenant's periods now, as the hourly job does. */
  async purgeNow(tenantId: string): Promise<PurgeCounts> {
    return this.store.purge(tenantId, cutoffsFor(await this.settings(tenantId), this.clock.now()));
  }

  async exportContact(tenantId: string, contactId: string): Promise<ContactExport> {
    const exported = await this.store.exportContact(tenantId, contactId, this.clock.now());
    if (!exported) throw new ParleyError('contact_not_found', 'no such contact');
    return exported;
  }

  async eraseContact(tenantId: string, contactId: string): Promise<ContactErasure> {
    const erased = await this.store.eraseContact(tenantId, contactId);
    if (!erased) throw new ParleyError('contact_not_found', 'no such contact');
    return erased;
  }
}
