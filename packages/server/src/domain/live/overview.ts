import {
  canOversee,
  ParleyError,
  type OverviewConsultant,
  type OverviewConversation,
  type OverviewView,
} from '@parley/protocol';
import type { Consultant, Directory } from '../tenants/directory.ts';
import type { Outbox } from '../ports/outbox.ts';
import { describe } from '../conversations/lifecycle.ts';
import { slotsOf } from './liveQueries.ts';
import type { LiveConversation, TenantLiveState } from './liveState.ts';

/** What the overview shows beyond the live state: every consultant (offline too) and department names. */
export interface OverviewDirectory {
  consultants: readonly Consultant[];
  departmentNames: ReadonlyMap<string, string>;
}

/**
 * [OV2] The tenant's floor now: every open conversation and waiting request, and every active
 * consultant with presence and load. Pure: reads the live state, changes nothing.
 */
export function overviewOf(state: TenantLiveState, directory: OverviewDirectory, now: number): OverviewView {
  const conversations = [...state.conversations.values()]
    .map((c) => conversationRow(state, directory, c))
    .sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id));
  const load = new Map(slotsOf(state).map((s) => [s.consultantId, s.load]));
  const known = new Map<string, Consultant>(directory.consultants.map((c) => [c.id, c]));
  // A consultant who connected after the directory was read is still shown.
  for (const live of state.consultants.values()) known.set(live.consultant.id, live.consultant);
  const consultants: OverviewConsultant[] = [...known.values()]
    .filter((c) => c.active)
    .map((c) => {
      const live = state.consultants.get(c.id);
      return {
        id: c.id,
        name: c.name,
        connected: (live?.connections ?? 0) > 0,
        available: live?.available ?? false,
        load: load.get(c.id) ?? 0,
        capacity: c.maxConversations,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { serverNow: now, conversations, consultants };
}

function conversationRow(
  state: TenantLiveState,
  directory: OverviewDirectory,
  conversation: LiveConversation,
): OverviewConversation {
  const facts = describe(conversation.state);
  const link = state.links.get(conversation.linkId);
  // [DC2] The visitor's chosen department, else the link's own.
  const departmentId = conversation.departmentId ?? link?.departmentId ?? null;
  return {
    id: conversation.id,
    state: conversation.state.name,
    visitorName: conversation.visitorName,
    consultantId: facts.consultantId,
    consultantName: facts.consultantId ? (state.consultantNames.get(facts.consultantId) ?? null) : null,
    linkId: conversation.linkId,
    linkName: link?.name ?? '',
    departmentName: departmentId ? (directory.departmentNames.get(departmentId) ?? null) : null,
    mode: conversation.visitorSetup?.mode ?? null,
    parked: conversation.state.name === 'queued' && conversation.state.parked,
    held: conversation.state.name === 'active' && conversation.state.held,
    queuedAt: conversation.state.queuedAt,
    acceptedAt: facts.acceptedAt,
  };
}

/**
 * [OV3][OV4] Who watches the overview and who reads which conversation, on one tenant. The core
 * calls `commandDone` after every command of the tenant: the overview goes out to every watcher
 * when it changed, so the consoles are pushed each change and never poll.
 */
export class OverviewFeed {
  /** Watching consultants, with how many of their consoles watch. */
  private readonly watchers = new Map<string, number>();
  /** [OV4] Which conversation each overseeing consultant reads now. */
  private readonly reading = new Map<string, string>();
  private directory: OverviewDirectory | undefined;
  private lastSent = '';

  constructor(
    private readonly state: TenantLiveState,
    private readonly deps: {
      directory: Pick<Directory, 'consultants' | 'departments'>;
      outbox: Outbox;
      now: () => number;
    },
  ) {}

  get watched(): boolean {
    return this.watchers.size > 0;
  }

  /**
   * [OV1] Only a supervisor or an admin of the tenant, read from the directory now (an admin may
   * have changed the role since the console connected).
   */
  async mustOversee(consultantId: string): Promise<Consultant> {
    const consultant = await this.deps.directory.consultants.getConsultant(consultantId);
    if (consultant?.tenantId !== this.state.tenantId || !consultant.active || !canOversee(consultant.role)) {
      throw new ParleyError('forbidden', 'the overview is for supervisors and admins');
    }
    return consultant;
  }

  /** [OV3] One more console of `consultantId` watches: it gets the whole overview at once. */
  async watch(consultantId: string): Promise<void> {
    await this.mustOversee(consultantId);
    this.directory ??= await this.readDirectory();
    this.watchers.set(consultantId, (this.watchers.get(consultantId) ?? 0) + 1);
    this.deps.outbox.send({ kind: 'consultant', consultantId }, { type: 'overview.state', overview: this.view() });
  }

  unwatch(consultantId: string): void {
    const count = (this.watchers.get(consultantId) ?? 0) - 1;
    if (count > 0) this.watchers.set(consultantId, count);
    else {
      this.watchers.delete(consultantId);
      this.stopReading(consultantId);
    }
    if (this.watchers.size > 0) return;
    this.directory = undefined;
    this.lastSent = '';
  }

  /** [OV4] Consultants silently reading the conversation (they get its chat as it is written). */
  readersOf(conversationId: string): string[] {
    const readers: string[] = [];
    for (const [consultantId, id] of this.reading) if (id === conversationId) readers.push(consultantId);
    return readers;
  }

  read(consultantId: string, conversationId: string): void {
    this.reading.set(consultantId, conversationId);
  }

  stopReading(consultantId: string): void {
    this.reading.delete(consultantId);
  }

  /** An admin changed consultants or departments: re-read them; [OV1] a demoted watcher stops. */
  async directoryChanged(): Promise<void> {
    if (!this.watched) return;
    this.directory = await this.readDirectory();
    const allowed = new Set(this.directory.consultants.filter((c) => c.active && canOversee(c.role)).map((c) => c.id));
    for (const consultantId of [...this.watchers.keys()]) {
      if (allowed.has(consultantId)) continue;
      this.watchers.delete(consultantId);
      this.stopReading(consultantId);
    }
  }

  /** After every command: the overview goes to the watchers when what they see changed. */
  commandDone(): void {
    if (!this.watched) return;
    const overview = this.view();
    const key = JSON.stringify({ ...overview, serverNow: 0 });
    if (key === this.lastSent) return;
    this.lastSent = key;
    for (const consultantId of this.watchers.keys()) {
      this.deps.outbox.send({ kind: 'consultant', consultantId }, { type: 'overview.state', overview });
    }
  }

  private view(): OverviewView {
    const directory = this.directory ?? { consultants: [], departmentNames: new Map() };
    return overviewOf(this.state, directory, this.deps.now());
  }

  private async readDirectory(): Promise<OverviewDirectory> {
    const { tenantId } = this.state;
    const [consultants, departments] = await Promise.all([
      this.deps.directory.consultants.listConsultants(tenantId),
      this.deps.directory.departments.listDepartments(tenantId),
    ]);
    return { consultants, departmentNames: new Map(departments.map((d) => [d.id, d.name])) };
  }
}
