import type { ServerMessageOf } from '@parley/protocol';
import type { Actor } from '../domain/ports/actor.ts';
import type { ConversationStore, KeptPhoneCall } from '../domain/ports/conversationStore.ts';
import type { Recipient } from '../domain/ports/outbox.ts';
import { memberSide, type CallSide, type DialIn, type PhoneLine } from '../domain/telephony/dialIn.ts';
import type { PhoneCluster } from './phoneCluster.ts';

export type PhoneMessage = ServerMessageOf<'call.phone'>;

/**
 * Who takes part in a call in phone mode: they are told its PINs and whose phone is on. In a
 * conference ([TP11]) `members` are the colleagues who joined it besides its consultant.
 */
export interface PhoneCallSides {
  tenantId: string;
  conversationId: string;
  visitorId: string;
  consultantId: string;
  members: readonly string[];
}

/** [PL43] Where a tenant's calls in phone mode are kept (fenced by its lease in a cluster). */
export type PhoneCallStore = Pick<ConversationStore, 'savePhoneCall' | 'listPhoneCalls' | 'getConversation'>;

/**
 * [TP4][TP7][TP11] The calls in phone mode of the tenants this node runs: their sides, PINs and
 * connected phones, and what each side is told. [PL42] PINs are claimed in the cluster's directory;
 * [PL43] each call is kept in storage, so a restart or a new owner restores it with the same PINs.
 */
export class PhoneCallBook {
  private readonly calls = new Map<string, PhoneCallSides>();
  private readonly connected = new Set<string>();

  constructor(
    readonly dialIn: DialIn,
    private readonly numbers: readonly string[],
    private readonly cluster: PhoneCluster | null,
    private readonly storeOf: ((tenantId: string) => PhoneCallStore) | null,
  ) {}

  /** The dial-in numbers every side is shown. */
  get numbersShown(): string[] {
    return [...this.numbers];
  }

  get(tenantId: string, conversationId: string): PhoneCallSides | undefined {
    return this.calls.get(callKey(tenantId, conversationId));
  }

  set(sides: PhoneCallSides): void {
    this.calls.set(callKey(sides.tenantId, sides.conversationId), { ...sides, members: [...sides.members] });
  }

  /** The call left phone mode (it ended): its PINs stop working here; returns them. */
  delete(tenantId: string, conversationId: string): string[] {
    this.calls.delete(callKey(tenantId, conversationId));
    return this.dialIn.close(tenantId, conversationId);
  }

  /** The tenant's calls in phone mode on this node. */
  ofTenant(tenantId: string): PhoneCallSides[] {
    return [...this.calls.values()].filter((sides) => sides.tenantId === tenantId);
  }

  setConnected(line: PhoneLine, connected: boolean): void {
    if (connected) this.connected.add(lineKey(line));
    else this.connected.delete(lineKey(line));
  }

  /** Whether a side's phone is connected now (its browser audio is off, [TP7]). */
  isConnected(line: PhoneLine): boolean {
    return this.connected.has(lineKey(line));
  }

  /** Which side of a call in phone mode the actor is, or null when it is not theirs. */
  sideOf(tenantId: string, conversationId: string, actor: Actor): CallSide | null {
    const sides = this.get(tenantId, conversationId);
    if (!sides) return null;
    if (actor.kind === 'consultant') {
      if (actor.consultantId === sides.consultantId) return 'consultant';
      return sides.members.includes(actor.consultantId) ? memberSide(actor.consultantId) : null;
    }
    return actor.visitorId === sides.visitorId ? 'visitor' : null;
  }

  /**
   * [TP4][TP11] Every side of the call has its PIN; [PL42] in a cluster each is claimed in the PIN
   * directory first, so a phone finds the call from any node (a PIN taken by a call elsewhere is
   * drawn again); [PL43] then the call is kept with its PINs.
   */
  async settle(sides: PhoneCallSides): Promise<void> {
    const { tenantId, conversationId } = sides;
    const pins = this.dialIn.open(tenantId, conversationId, sides.members);
    if (this.cluster) {
      for (const side of sidesOf(sides)) {
        let pin = pins[side];
        while (pin !== undefined && !this.dialIn.isClaimed(pin)) {
          if (await this.cluster.pins.claim(pin, tenantId)) this.dialIn.claimed(pin);
          else pin = this.dialIn.redraw({ tenantId, conversationId, side });
        }
      }
    }
    const current = this.get(tenantId, conversationId);
    const kept = this.dialIn.pinsOf(tenantId, conversationId);
    if (!current || !kept) return;
    await this.storeOf?.(tenantId).savePhoneCall(tenantId, conversationId, {
      ...current,
      members: [...current.members],
      pins: kept,
    });
  }

  /** [PL43] The tenant's kept calls in phone mode whose conversation is still active. */
  async kept(tenantId: string): Promise<{ active: KeptPhoneCall[]; over: KeptPhoneCall[] }> {
    const store = this.storeOf?.(tenantId);
    const active: KeptPhoneCall[] = [];
    const over: KeptPhoneCall[] = [];
    for (const call of (await store?.listPhoneCalls(tenantId)) ?? []) {
      const conversation = await store?.getConversation(tenantId, call.conversationId);
      (conversation?.state.name === 'active' ? active : over).push(call);
    }
    return { active, over };
  }

  /** [PL43] A kept call is in phone mode here again, with its PINs. */
  restore(call: KeptPhoneCall): void {
    this.set(call);
    this.dialIn.restore(call.tenantId, call.conversationId, call.pins);
  }

  /** [PL43] Storage forgets the call (it ended, or it was over when restored). */
  async forgetKept(tenantId: string, conversationId: string): Promise<void> {
    await this.storeOf?.(tenantId).savePhoneCall(tenantId, conversationId, null);
  }

  /**
   * [TP7][TP11] What each side of a call in phone mode is told: the numbers, its own PIN, whether
   * its own phone is on, and whether anyone else's is (then its browser audio goes through the mix).
   */
  messagesOf(sides: PhoneCallSides): Map<CallSide, PhoneMessage> {
    const { tenantId, conversationId } = sides;
    const pins: Partial<Record<CallSide, string>> = this.dialIn.pinsOf(tenantId, conversationId) ?? {};
    const numbers = [...this.numbers];
    const all = sidesOf(sides);
    const on = new Set(all.filter((side) => this.isConnected({ tenantId, conversationId, side })));
    const phones = { consultant: [...on].some((side) => side !== 'visitor'), visitor: on.has('visitor') };
    const messages = new Map<CallSide, PhoneMessage>();
    for (const side of all) {
      const pin = pins[side];
      const mine = on.has(side);
      const others = on.size > (mine ? 1 : 0);
      if (pin) messages.set(side, { type: 'call.phone', conversationId, numbers, pin, phones, mine, others });
    }
    return messages;
  }

  /** [TP10] The messages of every call of the tenant in which `actor` takes part. */
  messagesFor(tenantId: string, actor: Actor): PhoneMessage[] {
    return this.ofTenant(tenantId).flatMap((sides) => {
      const side = this.sideOf(tenantId, sides.conversationId, actor);
      const message = side && this.messagesOf(sides).get(side);
      return message ? [message] : [];
    });
  }
}

/** Every side of a call in phone mode: its consultant (unless they left), its visitor, its colleagues. */
export function sidesOf(sides: PhoneCallSides): CallSide[] {
  return [
    ...(sides.consultantId ? (['consultant'] as const) : []),
    'visitor',
    ...sides.members.map((id) => memberSide(id)),
  ];
}

export function recipientOf(sides: PhoneCallSides, side: CallSide): Recipient {
  if (side === 'visitor') return { kind: 'visitor', visitorId: sides.visitorId };
  if (side === 'consultant') return { kind: 'consultant', consultantId: sides.consultantId };
  return { kind: 'consultant', consultantId: side.slice('member:'.length) };
}

export function callKey(tenantId: string, conversationId: string): string {
  return `${tenantId}\u0000${conversationId}`;
}

export function lineKey(line: PhoneLine): string {
  return `${line.tenantId}\u0000${line.conversationId}\u0000${line.side}`;
}
