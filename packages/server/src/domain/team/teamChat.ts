import { ParleyError, type TeamMemberView, type TeamMessageView, type TeamPresence } from '@parley/protocol';
import type { Outbox } from '../ports/outbox.ts';
import type { LiveEvent } from '../ports/liveEvents.ts';
import type { Runtime } from '../runtime.ts';
import type { Consultant, Directory } from '../tenants/directory.ts';

export interface TeamMessage extends TeamMessageView {
  tenantId: string;
}

/** Storage port of operator-to-operator chat. */
export interface TeamStore {
  /** Stores once per (sender, clientId); a resend returns the stored message. */
  appendTeamMessage(message: TeamMessage): Promise<{ message: TeamMessage; duplicate: boolean }>;
  /** The latest messages the consultant may read (team-wide, or sent by or to them), oldest first. */
  teamMessagesFor(tenantId: string, consultantId: string, limit: number): Promise<TeamMessage[]>;
}

interface Presence {
  tenantId: string;
  connections: number;
  available: boolean;
}

export const TEAM_HISTORY = 100;

/**
 * Operator-to-operator chat with presence (F-27), per tenant. [O1] A consultant writes to the
 * whole team or to one active colleague of the same tenant; [O2] everyone of the tenant sees who
 * is offline, online or available; [O3] messages are stored and replayed on connect.
 */
export class TeamChat {
  private readonly presence = new Map<string, Presence>();

  constructor(
    private readonly store: TeamStore,
    private readonly directory: Pick<Directory, 'consultants'>,
    private readonly outbox: Outbox,
    private readonly runtime: Runtime,
  ) {}

  async connected(consultant: Consultant, available: boolean): Promise<void> {
    const entry = this.presence.get(consultant.id) ?? { tenantId: consultant.tenantId, connections: 0, available };
    entry.connections += 1;
    entry.available = available;
    this.presence.set(consultant.id, entry);
    const history = await this.store.teamMessagesFor(consultant.tenantId, consultant.id, TEAM_HISTORY);
    const me = { kind: 'consultant', consultantId: consultant.id } as const;
    this.outbox.send(me, { type: 'team.history', messages: history.map(toView) });
    const members = await this.roster(consultant.tenantId);
    this.outbox.send(me, { type: 'team.roster', members });
    this.tell(consultant.tenantId, consultant.id, members.find((m) => m.id === consultant.id) ?? null);
  }

  async disconnected(consultantId: string): Promise<void> {
    const entry = this.presence.get(consultantId);
    if (!entry) return;
    entry.connections -= 1;
    if (entry.connections <= 0) this.presence.delete(consultantId);
    await this.announce(consultantId, entry.tenantId);
  }

  /** [O2] Team presence follows each consultant's own availability, whatever changed it. */
  onLiveEvent(event: LiveEvent): void {
    if (event.type !== 'consultant.availability_changed') return;
    void this.availabilityChanged(event.consultantId, event.available).catch(() => undefined);
  }

  async availabilityChanged(consultantId: string, available: boolean): Promise<void> {
    const entry = this.presence.get(consultantId);
    if (!entry || entry.available === available) return;
    entry.available = available;
    await this.announce(consultantId, entry.tenantId);
  }

  presenceOf(consultantId: string): TeamPresence {
    const entry = this.presence.get(consultantId);
    if (!entry) return 'offline';
    return entry.available ? 'available' : 'online';
  }

  async roster(tenantId: string): Promise<TeamMemberView[]> {
    const members = await this.directory.consultants.listConsultants(tenantId);
    return members
      .filter((c) => c.active)
      .map((c) => ({ id: c.id, name: c.name, presence: this.presenceOf(c.id) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** [O1] To one colleague of the same tenant, or (`to = null`) to the whole team. */
  async send(sender: Consultant, clientId: string, to: string | null, text: string): Promise<TeamMessageView> {
    if (to !== null) {
      const recipient = await this.directory.consultants.getConsultant(to);
      // Someone of another tenant is reported as missing, never as existing.
      if (recipient?.tenantId !== sender.tenantId || !recipient.active || to === sender.id) {
        throw new ParleyError('not_found', 'no such colleague');
      }
    }
    const { message } = await this.store.appendTeamMessage({
      id: this.runtime.ids.next('tmsg'),
      tenantId: sender.tenantId,
      clientId,
      senderId: sender.id,
      senderName: sender.name,
      recipientId: to,
      text,
      sentAt: this.runtime.clock.now(),
    });
    const view = toView(message);
    const recipients = to === null ? await this.memberIds(sender.tenantId) : [sender.id, to];
    for (const consultantId of recipients) {
      this.outbox.send({ kind: 'consultant', consultantId }, { type: 'team.message', message: view });
    }
    return view;
  }

  private async memberIds(tenantId: string): Promise<string[]> {
    return (await this.directory.consultants.listConsultants(tenantId)).filter((c) => c.active).map((c) => c.id);
  }

  /**
   * [O2] A colleague's change goes to every connected consultant of the tenant as one member, not
   * the whole roster: with n consultants connecting or toggling availability, re-sending the
   * roster cost n² entries per change (performance.md). One message object, so encoded once.
   */
  private async announce(changedId: string, tenantId: string): Promise<void> {
    const changed = await this.directory.consultants.getConsultant(changedId);
    const member =
      changed?.active === true ? { id: changed.id, name: changed.name, presence: this.presenceOf(changed.id) } : null;
    this.tell(tenantId, changedId, member);
  }

  private tell(tenantId: string, changedId: string, member: TeamMemberView | null): void {
    const message = { type: 'team.member', id: changedId, member } as const;
    for (const [consultantId, entry] of this.presence) {
      if (entry.tenantId === tenantId) this.outbox.send({ kind: 'consultant', consultantId }, message);
    }
  }
}

function toView(message: TeamMessage): TeamMessageView {
  const { tenantId: _tenant, ...view } = message;
  return view;
}
