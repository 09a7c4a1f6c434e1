import type { Consultant, Directory } from '../tenants/directory.ts';
import { nothingKept, type ConversationStore, type KeptLive } from '../ports/conversationStore.ts';
import type { Outbox } from '../ports/outbox.ts';
import type { MediaSignalling } from '../media/mediaRooms.ts';
import { LiveEvents } from '../ports/liveEvents.ts';
import type { Runtime } from '../runtime.ts';
import { defaultLiveOptions, type LiveOptions } from './core.ts';
import { addCensus, emptyCensus, unobserved, type LiveCensus, type LiveObserver } from './observer.ts';
import { TenantLive } from './tenantLive.ts';

/**
 * Where a tenant unit writes and publishes. One node: the shared store and outbox. In a cluster
 * the placement layer gives each unit a store fenced by its lease token ([PL3]) and an outbox
 * that goes quiet when the lease is lost, so a dropped unit's late timers change nothing.
 */
export interface UnitPorts {
  store: ConversationStore;
  outbox: Outbox;
}

/**
 * The live state of one node, one unit per tenant (docs/decisions/0004-live-state-per-tenant.md,
 * [LT1]). Each tenant's unit holds its own state and its own command chain: a tenant's commands
 * run in the order they came, and two tenants never wait on each other. A unit is made on first
 * use and kept while the process runs.
 */
export class LiveRegistry {
  private readonly tenants = new Map<string, TenantLive>();
  private observer: LiveObserver = unobserved;
  /** What every tenant's live state tells the rest of the domain (media rooms, team presence). */
  readonly events = new LiveEvents();
  /** [PL25] The node's media rooms, when it has an SFU; the units hand media signalling to them. */
  private media: MediaSignalling | null = null;
  /** [PL27] Told after this node took a tenant over or dropped it (the media rooms follow). */
  private readonly placementListeners = new Set<(change: { tenantId: string; kind: 'taken' | 'dropped' }) => void>();

  constructor(
    private readonly directory: Pick<Directory, 'consultants' | 'links' | 'departments'>,
    private readonly store: ConversationStore,
    private readonly outbox: Outbox,
    private readonly runtime: Runtime,
    private readonly options: LiveOptions = defaultLiveOptions,
    private readonly broadcastCapacity?: number,
    private readonly portsOf?: (tenantId: string) => UnitPorts,
  ) {}

  /** The live unit of one tenant, made on first use. */
  of(tenantId: string): TenantLive {
    let tenant = this.tenants.get(tenantId);
    if (!tenant) {
      const { directory, runtime, options, events, broadcastCapacity } = this;
      const { store, outbox } = this.portsOf?.(tenantId) ?? { store: this.store, outbox: this.outbox };
      tenant = new TenantLive(
        tenantId,
        { directory, store, outbox, runtime, options, events, broadcastCapacity },
        () => this.media,
      );
      tenant.observe(this.observer);
      this.tenants.set(tenantId, tenant);
    }
    return tenant;
  }

  /** [PL25] Media signalling of every unit goes to `media` (set once, when the node has an SFU). */
  useMedia(media: MediaSignalling): void {
    this.media = media;
  }

  /** [PL27] Calls `listener` after each takeover and drop of a tenant on this node. */
  onPlacement(listener: (change: { tenantId: string; kind: 'taken' | 'dropped' }) => void): void {
    this.placementListeners.add(listener);
  }

  /**
   * [P5] After a restart, every tenant with an open conversation or an available consultant gets
   * its unit back, each restored from its own part of storage (in parallel: they share nothing).
   */
  async restore(): Promise<void> {
    const byTenant = await this.stored();
    await Promise.all([...byTenant].map(([tenantId, kept]) => this.of(tenantId).restore(kept)));
  }

  /**
   * [PL1] Cluster: this node has just taken the tenant's lease. Whatever unit it had is replaced
   * by a fresh one (its ports are asked again: the new lease's token), restored from storage
   * exactly as after a restart ([P5]).
   */
  async takeOver(tenantId: string): Promise<void> {
    this.tenants.delete(tenantId);
    const part = (await this.stored()).get(tenantId);
    await this.of(tenantId).restore(part ?? nothingKept());
    for (const listener of this.placementListeners) listener({ tenantId, kind: 'taken' });
  }

  /** [PL2] Cluster: the lease is lost; the unit is forgotten (its fenced store refuses it anyway). */
  drop(tenantId: string): void {
    this.tenants.delete(tenantId);
    for (const listener of this.placementListeners) listener({ tenantId, kind: 'dropped' });
  }

  /** What storage keeps of live state, by tenant ([P5], [PL38], [PL39]). */
  private async stored(): Promise<Map<string, KeptLive>> {
    const records = await this.store.listOpenConversations();
    const available: Consultant[] = [];
    for (const id of await this.store.listAvailableConsultantIds()) {
      const consultant = await this.directory.consultants.getConsultant(id);
      if (consultant) available.push(consultant);
    }
    const byTenant = new Map<string, KeptLive>();
    const part = (tenantId: string): KeptLive => {
      let found = byTenant.get(tenantId);
      if (!found) byTenant.set(tenantId, (found = nothingKept()));
      return found;
    };
    for (const record of records) part(record.tenantId).records.push(record);
    for (const consultant of available) part(consultant.tenantId).available.push(consultant);
    for (const broadcast of await this.store.listBroadcasts()) part(broadcast.tenantId).broadcasts.push(broadcast);
    for (const conference of await this.store.listConferences()) part(conference.tenantId).conferences.push(conference);
    return byTenant;
  }

  /** [OP2] Reports every lifecycle change and stored chat of every tenant to `observer`. */
  observe(observer: LiveObserver): void {
    this.observer = observer;
    for (const tenant of this.tenants.values()) tenant.observe(observer);
  }

  /** Resolves when every command queued so far, in every tenant, has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.tenants.values()].map((tenant) => tenant.settled()));
  }

  /** [OP2] The node's counts: every tenant's census added up. */
  census(): LiveCensus {
    let total = emptyCensus;
    for (const tenant of this.tenants.values()) total = addCensus(total, tenant.census());
    return total;
  }
}
