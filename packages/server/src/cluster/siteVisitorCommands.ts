import { ParleyError, type SiteServerMessage } from '@parley/protocol';
import type { Bus } from '../bus/bus.ts';
import type { BusFence } from '../domain/placement/busFence.ts';
import type { IdGenerator } from '../domain/runtime.ts';
import type { PageSink } from '../domain/siteVisitors/siteVisitors.ts';
import type { SiteVisitorRegistry } from '../domain/siteVisitors/siteVisitorRegistry.ts';
import {
  siteVisitorMethods,
  type OpenedPage,
  type SiteVisitorCommands,
} from '../domain/siteVisitors/siteVisitorCommands.ts';
import type { OwnerCommand } from './ownerCommands.ts';

/** Forwarded site-visitor commands are named `site.<method>` on the owner's command channel. */
const PREFIX = 'site.';

/** Where the owner sends a page's messages: the page's node and the bus topic it listens on. */
interface PageAddress {
  node: string;
  topic: string;
}

export interface ClusterSiteVisitorDeps {
  registry: SiteVisitorRegistry;
  nodeId: string;
  /** Carries the owner's messages to a page's node (its own prefix on the node's Redis connections). */
  bus: Bus<SiteServerMessage> & { subscribed(): Promise<void> };
  ids: IdGenerator;
  /** [PL6] Runs a command on the owner node and answers with its result or coded error. */
  call: (ownerId: string, command: OwnerCommand) => Promise<unknown>;
  /** The tenant's fence while this node holds its lease; undefined: this node does not act for it. */
  fenceOf: (tenantId: string) => BusFence | undefined;
}

export function isSiteVisitorCommand(command: OwnerCommand): boolean {
  return command.method.startsWith(PREFIX);
}

/**
 * [PL31] The site visitors of a cluster: one list per tenant, kept by the tenant's owner like the
 * rest of its live state. A page's site socket, a console or a visitor's socket on another node
 * asks the owner through forwarded commands; the owner sends a page its invitation cards over the
 * bus, on a topic the page's node listens to, fenced by the lease's token ([PL30]).
 */
export class ClusterSiteVisitors {
  /** The bus subscription of each page opened from this node on another node's list. */
  private readonly pages = new Map<string, () => void>();

  constructor(private readonly deps: ClusterSiteVisitorDeps) {}

  /** The owner's side: a forwarded command runs on the tenant's list, only while this node holds it. */
  execute(command: OwnerCommand): Promise<unknown> {
    // A refusal thrown here becomes the rejected answer, as a command's own error does.
    return new Promise((resolve) => resolve(this.run(command)));
  }

  private run({ tenantId, method, args }: OwnerCommand): unknown {
    const name = method.slice(PREFIX.length);
    if (!(siteVisitorMethods as readonly string[]).includes(name)) throw new ParleyError('forbidden');
    if (!this.deps.fenceOf(tenantId)) throw new ParleyError('owner_unreachable');
    const sites = this.deps.registry.of(tenantId);
    if (name === 'openPage') {
      const [opening, address] = args as [Parameters<SiteVisitorCommands['openPage']>[0], PageAddress];
      return sites.openPage(opening, this.remoteSink(tenantId, address));
    }
    const run = sites[name as keyof SiteVisitorCommands].bind(sites) as (...a: unknown[]) => unknown;
    return run(...args);
  }

  /** The tenant's list on this node, which holds its lease. */
  local(tenantId: string): SiteVisitorCommands {
    return this.deps.registry.of(tenantId);
  }

  /** The socket's side: the tenant's list on node `ownerId`. */
  forwarded(ownerId: string, tenantId: string): SiteVisitorCommands {
    const { nodeId, bus, ids } = this.deps;
    const call = (method: string, ...args: unknown[]): Promise<unknown> =>
      this.deps.call(ownerId, { tenantId, method: PREFIX + method, args });
    const tell = async (method: string, ...args: unknown[]): Promise<void> => {
      await call(method, ...args);
    };
    // A forwarded answer of "nothing" comes back as null.
    const optional = async (answer: Promise<unknown>): Promise<string | undefined> =>
      ((await answer) as string | null) ?? undefined;
    return {
      openPage: async (opening, sink) => {
        // Listening before the owner opens the page: a pending invitation comes with the opening.
        const topic = ids.next('page');
        const off = bus.subscribe(topic, (message) => sink.send(message));
        await bus.subscribed();
        try {
          const opened = (await call('openPage', opening, { node: nodeId, topic })) as OpenedPage;
          this.pages.set(opened.pageId, off);
          return opened;
        } catch (error) {
          off();
          throw error;
        }
      },
      changePage: (pageId, input) => tell('changePage', pageId, input),
      closePage: async (pageId) => {
        this.pages.get(pageId)?.();
        this.pages.delete(pageId);
        await call('closePage', pageId);
      },
      answer: (pageId, invitationId, answer) => tell('answer', pageId, invitationId, answer),
      watch: (consultantId) => tell('watch', consultantId, nodeId),
      unwatch: (consultantId) => tell('unwatch', consultantId, nodeId),
      invite: async (consultant, visitId, text) => (await call('invite', consultant, visitId, text)) as string,
      appConnected: (visitId, visitorId) => optional(call('appConnected', visitId, visitorId)),
      showContact: (visitorId, contact) => tell('showContact', visitorId, contact),
      preferredConsultant: (visitorId) => optional(call('preferredConsultant', visitorId)),
      rulesChanged: async () => {
        await call('rulesChanged');
      },
    };
  }

  /** A page on another node: its messages go over the bus, fenced, and only while this node holds. */
  private remoteSink(tenantId: string, address: PageAddress): PageSink {
    return {
      node: address.node,
      send: (message) => {
        const fence = this.deps.fenceOf(tenantId);
        if (fence) this.deps.bus.publish(address.topic, message, fence);
      },
    };
  }
}
