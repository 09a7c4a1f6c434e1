import { ParleyError } from '@parley/protocol';
import { Redis } from 'ioredis';
import type { LiveRegistry, UnitPorts } from '../domain/live/liveRegistry.ts';
import type { TenantLive } from '../domain/live/tenantLive.ts';
import type { Consultant } from '../domain/tenants/directory.ts';
import type { FenceStore } from '../domain/placement/fence.ts';
import { LeaseKeeper, type LeaseChange, type LeaseTiming } from '../domain/placement/leaseKeeper.ts';
import { misplaced, SpreadLeaseStore, TenantSpread } from '../domain/placement/spread.ts';
import { ClusterPhones, isPhoneCommand } from './clusterPhones.ts';
import type { Outbox } from '../domain/ports/outbox.ts';
import { BusOutbox } from '../bus/bus.ts';
import type { SiteServerMessage } from '@parley/protocol';
import type { SiteVisitorRegistry } from '../domain/siteVisitors/siteVisitorRegistry.ts';
import type { SiteVisitorBinding } from '../domain/siteVisitors/siteVisitorCommands.ts';
import { ClusterSiteVisitors, isSiteVisitorCommand } from './siteVisitorCommands.ts';
import type { Runtime } from '../domain/runtime.ts';
import type { SqlConversationStore } from '../storage/conversationStore.ts';
import { forwardTo, ownerExecutor, RedisOwnerCommands } from './ownerCommands.ts';
import type { LiveCommands, Placement, TenantBinding } from './placement.ts';
import { RedisBus } from './redisBus.ts';
import { RedisLeaseStore, RedisMembership } from './redisLeases.ts';
import { LeaseOutbox, refusingStore, silentOutbox } from './unitPorts.ts';

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/** A consultant as sent to another node: who they are, never their password's hash. */
const withoutHash = (consultant: Consultant): Consultant => ({ ...consultant, passwordHash: '' });

/** One node of a cluster (PARLEY_REDIS_URL set): docs/decisions/0006-cluster-on-redis.md. */
export interface ClusterConfig {
  redisUrl: string;
  /** This node's name in leases and channels (no `|`); unique among the nodes. */
  nodeId: string;
  lease: LeaseTiming;
  /** [PL6] How long a forwarded command waits for the owner's answer. */
  commandTimeoutMs: number;
  /** [PL23] How long a tenant stays unowned before a node it does not prefer takes it (default: one TTL). */
  spreadGraceMs?: number;
  /**
   * [PL44] What every Redis key and channel of this cluster starts with (PARLEY_REDIS_NAMESPACE,
   * `parley` by default): two clusters on one Redis (staging and production) never meet.
   */
  namespace: string;
}

/** Where a node says what happens to its leases: the app's logger (pino). */
export interface ClusterLog {
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

interface Held {
  token: number;
  outbox: LeaseOutbox;
  /** Settles once the unit is restored from storage ([P5]); sockets bind after it. */
  restored: Promise<void>;
}

/**
 * The cluster around one node's live state (issue 18, [PL1]–[PL7]): a `LeaseKeeper` per tenant;
 * a held tenant runs here, restored from storage when its lease is taken and dropped when it is
 * lost; the other tenants' commands are forwarded to their holder ([PL6]); outbound messages go
 * through Redis pub/sub (`RedisBus`). The domain knows none of this: it is handed ports.
 */
export class ClusterNode implements Placement {
  readonly bus: RedisBus;
  /** [PL31] Carries the owner's messages to site pages on other nodes (fenced as `bus`, [PL30]). */
  private readonly siteBus: RedisBus<SiteServerMessage>;
  private sites: { registry: SiteVisitorRegistry; cluster: ClusterSiteVisitors } | undefined;
  private readonly commands: RedisOwnerCommands;
  /** [PL42] Telephone dial-in across nodes: PIN directory, forwarded phone commands, hang-ups. */
  readonly phones: ClusterPhones;
  private readonly leases: RedisLeaseStore;
  private readonly membership: RedisMembership;
  private readonly spread: TenantSpread;
  private readonly spreadLeases: SpreadLeaseStore;
  private heartbeatTimer: { cancel(): void } | undefined;
  private readonly keepers = new Map<string, LeaseKeeper>();
  private readonly held = new Map<string, Held>();
  private readonly moves = new Map<string, Set<{ owner: string; moved: () => void }>>();
  private attached: { live: LiveRegistry; conversations: SqlConversationStore; outbox: Outbox } | undefined;
  private stopped = false;
  /** [PL11] Where a node tells the others it took or gave up a tenant. */
  private readonly placementChannel: string;

  private constructor(
    private readonly config: ClusterConfig,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    fences: FenceStore,
    private readonly runtime: Runtime,
    private readonly log: ClusterLog,
  ) {
    if (config.nodeId.includes('|')) throw new Error('PARLEY_NODE_ID must not contain "|"');
    const onError = this.onError;
    const ns = config.namespace;
    this.placementChannel = `${ns}:placement`;
    this.bus = new RedisBus(publisher, subscriber, onError, `${ns}:bus:`);
    this.siteBus = new RedisBus<SiteServerMessage>(publisher, subscriber, onError, `${ns}:site:`, this.bus.fences);
    this.commands = new RedisOwnerCommands(publisher, subscriber, config.nodeId, runtime, onError, {
      timeoutMs: config.commandTimeoutMs,
      prefix: `${ns}:node:`,
    });
    this.leases = new RedisLeaseStore(publisher, (tenantId) => fences.highest(tenantId), `${ns}:lease:`);
    this.membership = new RedisMembership(publisher, `${ns}:nodes`);
    this.spread = new TenantSpread(config.nodeId, runtime.clock, config.spreadGraceMs ?? config.lease.ttlMs);
    this.spreadLeases = new SpreadLeaseStore(this.leases, this.spread);
    this.phones = new ClusterPhones({
      publisher,
      nodeId: config.nodeId,
      owns: (tenantId) => this.holding(tenantId),
      ownerOf: async (tenantId) => {
        const { owner } = await this.bind(tenantId);
        return owner.slice(0, owner.lastIndexOf('|'));
      },
      call: (nodeId, command) => this.commands.call(nodeId, command),
      onError,
      namespace: ns,
    });
    subscriber.on('message', (channel: string, payload: string) => {
      if (channel === this.placementChannel) this.noticeReceived(payload);
      if (channel === this.phones.channel) this.phones.received(payload);
    });
  }

  /** Connects to Redis (two connections: one of them only listens). */
  static async connect(
    config: ClusterConfig,
    fences: FenceStore,
    runtime: Runtime,
    log: ClusterLog,
  ): Promise<ClusterNode> {
    const onError = (error: unknown) => log.warn({ err: error }, 'cluster');
    const publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    const subscriber = new Redis(config.redisUrl);
    publisher.on('error', onError);
    subscriber.on('error', onError);
    const node = new ClusterNode(config, publisher, subscriber, fences, runtime, log);
    await Promise.all([node.commands.subscribed(), subscriber.subscribe(node.placementChannel, node.phones.channel)]);
    // [PL22] Before any keeper seeks, this node learns the live nodes, so it ranks tenants among
    // them. It announces itself only when it starts serving: counted while still booting, the
    // others would hand it tenants it does not seek yet, and take them back for good ([PL23]).
    node.spread.setMembers(await node.membership.members());
    return node;
  }

  private readonly onError = (error: unknown): void => this.log.warn({ err: error }, 'cluster');

  get nodeId(): string {
    return this.config.nodeId;
  }

  /** What each tenant unit of this node writes with and publishes to ([PL3]). */
  portsOf(tenantId: string): UnitPorts {
    const attached = this.attached;
    if (!attached) throw new Error('cluster node not attached');
    const held = this.held.get(tenantId);
    if (!held) return { store: refusingStore(attached.conversations), outbox: silentOutbox };
    return { store: attached.conversations.fenced(tenantId, held.token), outbox: held.outbox };
  }

  /**
   * Starts serving: forwarded commands run here for held tenants, and a keeper seeks the lease of
   * each of `tenantIds` (more are added as sockets of other tenants arrive).
   */
  start(live: LiveRegistry, conversations: SqlConversationStore, outbox: Outbox, tenantIds: readonly string[]): void {
    this.attached = { live, conversations, outbox };
    const execute = ownerExecutor((tenantId) => (this.holding(tenantId) ? live.of(tenantId) : undefined));
    // [PL7] A command forwarded while the tenant is being restored waits for the restore: run on
    // the half-built unit, a consultant's welcome would miss what storage holds. Commands all wait
    // on the same promise, so they still run in arrival order.
    this.commands.serve(async (command) => {
      await this.held.get(command.tenantId)?.restored;
      if (isPhoneCommand(command)) return this.phones.execute(command);
      return this.sites && isSiteVisitorCommand(command) ? this.sites.cluster.execute(command) : execute(command);
    });
    for (const tenantId of tenantIds) this.keeperOf(tenantId);
    void this.heartbeat().finally(() => this.scheduleHeartbeat());
  }

  /** [PL22] The live nodes as this node last heard them (operators' view and tests). */
  get liveNodes(): readonly string[] {
    return this.spread.liveNodes;
  }

  private scheduleHeartbeat(): void {
    if (this.stopped) return;
    this.heartbeatTimer = this.runtime.timers.setTimeout(() => {
      void this.heartbeat().finally(() => this.scheduleHeartbeat());
    }, this.config.lease.renewEveryMs);
  }

  /**
   * Announces this node and learns who else is alive; then hands each held tenant that now
   * prefers another live node over to it ([PL24]). Redis away: the last list stays.
   */
  private async heartbeat(): Promise<void> {
    try {
      const askedAt = this.runtime.clock.now();
      this.spread.setMembers(await this.membership.heartbeat(this.nodeId, this.config.lease.ttlMs));
      // [PL31] Site pages and watching consoles of a node that dropped out are gone with it.
      this.sites?.registry.keepNodes(new Set(this.spread.liveNodes), askedAt);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (this.stopped) return;
    const held = [...this.keepers.keys()].filter((tenantId) => this.holding(tenantId));
    for (const tenantId of misplaced(this.spread, held)) {
      this.log.info({ tenantId, node: this.nodeId, to: this.spread.preferred(tenantId) }, 'lease handed over');
      void this.keepers.get(tenantId)?.handOver();
    }
  }

  async bind(tenantId: string): Promise<TenantBinding> {
    const attached = this.attached;
    if (!attached || this.stopped) throw new ParleyError('owner_unreachable');
    this.keeperOf(tenantId);
    const { ttlMs, retryEveryMs, driftMs } = this.config.lease;
    // A lease without a holder is taken within one TTL (its last holder's time runs out) and a
    // retry, or by a node it does not prefer after the spreading grace ([PL23]).
    const graceMs = this.config.spreadGraceMs ?? ttlMs;
    const deadline = this.runtime.clock.now() + ttlMs + driftMs + graceMs + 2 * retryEveryMs;
    for (;;) {
      const held = this.held.get(tenantId);
      if (held && this.holding(tenantId)) {
        await held.restored;
        return { live: attached.live.of(tenantId), owner: `${this.nodeId}|${held.token}` };
      }
      const holder = await this.leases.holder(tenantId).catch(() => null);
      if (holder && holder.owner !== this.nodeId) {
        return { live: this.forwarded(holder.owner, tenantId), owner: `${holder.owner}|${holder.token}` };
      }
      if (this.runtime.clock.now() >= deadline) throw new ParleyError('owner_unreachable');
      await new Promise<void>((resolve) => this.runtime.timers.setTimeout(resolve, retryEveryMs));
    }
  }

  /**
   * [PL31] The tenant's site visitors run where its live state does (call before `start`): here
   * for a held tenant, else forwarded to the holder.
   */
  serveSiteVisitors(registry: SiteVisitorRegistry): void {
    const cluster = new ClusterSiteVisitors({
      registry,
      nodeId: this.nodeId,
      bus: this.siteBus,
      ids: this.runtime.ids,
      call: (ownerId, command) => this.commands.call(ownerId, command),
      fenceOf: (tenantId) => {
        const held = this.held.get(tenantId);
        return held && this.holding(tenantId) ? { tenantId, token: held.token } : undefined;
      },
    });
    this.sites = { registry, cluster };
  }

  /** [PL31] The tenant's site visitors, on the node that holds its lease (found as `bind` does). */
  async siteVisitorsOf(tenantId: string): Promise<SiteVisitorBinding> {
    const sites = this.sites;
    if (!sites) throw new Error('site visitors not served');
    const { owner } = await this.bind(tenantId);
    const node = owner.slice(0, owner.lastIndexOf('|'));
    return {
      owner,
      sites: node === this.nodeId ? sites.cluster.local(tenantId) : sites.cluster.forwarded(node, tenantId),
    };
  }

  onMoved(tenantId: string, owner: string, moved: () => void): () => void {
    let listeners = this.moves.get(tenantId);
    if (!listeners) this.moves.set(tenantId, (listeners = new Set()));
    const entry = { owner, moved };
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0 && this.moves.get(tenantId) === listeners) this.moves.delete(tenantId);
    };
  }

  /** [OP1] Whether Redis answers (readiness). */
  async reachable(): Promise<boolean> {
    // A PING that is answered at all is enough; ioredis rejects when Redis is away.
    await this.publisher.ping();
    return true;
  }

  /** [PL4] Drain: every lease is released at once so other nodes take the tenants now. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.heartbeatTimer?.cancel();
    await Promise.all([
      ...[...this.keepers.values()].map((keeper) => keeper.stop()),
      this.membership.leave(this.nodeId).catch(this.onError),
    ]);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private holding(tenantId: string): boolean {
    const held = this.held.get(tenantId);
    return held !== undefined && this.keepers.get(tenantId)?.holds() === held.token;
  }

  private keeperOf(tenantId: string): LeaseKeeper {
    let keeper = this.keepers.get(tenantId);
    if (!keeper) {
      keeper = new LeaseKeeper(tenantId, this.nodeId, this.spreadLeases, this.runtime, this.config.lease, (change) =>
        this.leaseChanged(tenantId, change),
      );
      this.keepers.set(tenantId, keeper);
      keeper.start();
    }
    return keeper;
  }

  private leaseChanged(tenantId: string, change: LeaseChange): void {
    const attached = this.attached;
    if (!attached) return;
    // Operators (and the fault tests) follow who acts for a tenant from these lines: `at` is when
    // this node started or stopped acting, by its own clock.
    this.log.info({ tenantId, ...change, node: this.nodeId, at: this.runtime.clock.now() }, `lease ${change.kind}`);
    if (change.kind === 'acquired') {
      // [PL1] Quiet as soon as the keeper no longer holds, even before the `lost` change is handled;
      // [PL30] and every message carries the token, for the nodes that saw a newer one to drop.
      const fence = { tenantId, token: change.token };
      this.bus.fences.observe(fence);
      const outbox = new LeaseOutbox(
        new BusOutbox(this.bus, fence),
        () => this.keepers.get(tenantId)?.holds() === change.token,
      );
      const held: Held = { token: change.token, outbox, restored: Promise.resolve() };
      this.held.set(tenantId, held);
      // [PL31] A list made while another node held the tenant would publish nowhere: start afresh.
      this.sites?.registry.drop(tenantId);
      // [P5] The tenant's live state is rebuilt from storage, as after a restart.
      held.restored = attached.live.takeOver(tenantId).catch(this.onError);
      // Every node's sockets of this tenant bound to an earlier owner resume against this one.
      void held.restored.then(() =>
        this.publisher
          .publish(this.placementChannel, JSON.stringify({ tenantId, owner: `${this.nodeId}|${change.token}` }))
          .catch(this.onError),
      );
      return;
    }
    const held = this.held.get(tenantId);
    if (held?.token === change.token) {
      held.outbox.close();
      this.held.delete(tenantId);
      attached.live.drop(tenantId);
      this.sites?.registry.drop(tenantId);
    }
    this.announceMove(tenantId, null);
  }

  private noticeReceived(payload: string): void {
    try {
      const notice = JSON.parse(payload) as { tenantId: string; owner: string };
      // [PL30] From now on this node delivers none of the earlier holders' messages.
      const token = Number(notice.owner.slice(notice.owner.lastIndexOf('|') + 1));
      if (Number.isSafeInteger(token)) this.bus.fences.observe({ tenantId: notice.tenantId, token });
      this.announceMove(notice.tenantId, notice.owner);
    } catch (error) {
      this.onError(error);
    }
  }

  /** Sockets bound to anyone but `owner` (null: to this node, which lost the lease) are told. */
  private announceMove(tenantId: string, owner: string | null): void {
    for (const entry of [...(this.moves.get(tenantId) ?? [])]) {
      const stale = owner === null ? entry.owner.startsWith(`${this.nodeId}|`) : entry.owner !== owner;
      if (stale) entry.moved();
    }
  }

  /** [PL6] The tenant's commands, each run on `ownerId`. */
  private forwarded(ownerId: string, tenantId: string): LiveCommands {
    const remote = forwardTo<TenantLive>(this.commands, ownerId, tenantId);
    return {
      ...remote,
      tenantId,
      // The owner needs who the consultant is, never their password's hash.
      consultantConnected: (consultant: Consultant) => remote.consultantConnected(withoutHash(consultant)),
      markDone: (consultant: Consultant, ...rest: DropFirst<Parameters<TenantLive['markDone']>>) =>
        remote.markDone(withoutHash(consultant), ...rest),
      transferTargets: (consultant: Consultant) => remote.transferTargets(withoutHash(consultant)),
    };
  }
}
