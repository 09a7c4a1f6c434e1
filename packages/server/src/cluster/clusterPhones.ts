import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CallSide } from '../domain/telephony/dialIn.ts';
import type { PhoneCluster, PhoneMethod, PinDirectory } from '../telephony/phoneCluster.ts';
import type { Telephony } from '../telephony/telephony.ts';
import type { OwnerCommand } from './ownerCommands.ts';

/** Forwarded telephony commands are named `phone.<method>` on the owner's command channel. */
const PREFIX = 'phone.';
/** A PIN's directory entry outlives any call; the owner drops it when the call ends. */
const PIN_TTL_MS = 24 * 3600_000;

export function isPhoneCommand(command: OwnerCommand): boolean {
  return command.method.startsWith(PREFIX);
}

const CLAIM = `
local current = redis.call('GET', KEYS[1])
if current == false or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

/**
 * [PL42] The PIN directory on Redis: the key is the PIN's hash (Redis's own tools never show a
 * PIN), the value the tenant. A PIN of the same tenant may be claimed again (a new owner drawing
 * a PIN its crashed predecessor left behind): the tenant is what a phone needs to find the call.
 */
export class RedisPinDirectory implements PinDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'parley:phone:pin:',
  ) {}

  private key(pin: string): string {
    return this.prefix + createHash('sha256').update(pin).digest('hex');
  }

  async claim(pin: string, tenantId: string): Promise<boolean> {
    return (await this.redis.eval(CLAIM, 1, this.key(pin), tenantId, PIN_TTL_MS)) === 1;
  }

  async drop(pins: readonly string[]): Promise<void> {
    if (pins.length > 0) await this.redis.del(...pins.map((pin) => this.key(pin)));
  }

  tenantOf(pin: string): Promise<string | null> {
    return this.redis.get(this.key(pin));
  }
}

export interface ClusterPhoneDeps {
  publisher: Redis;
  nodeId: string;
  /** Whether this node holds the tenant's lease now. */
  owns(tenantId: string): boolean;
  /** The node that holds the tenant's lease (waits for one, as a socket's bind does). */
  ownerOf(tenantId: string): Promise<string>;
  /** [PL6] Runs a command on another node. */
  call(nodeId: string, command: OwnerCommand): Promise<unknown>;
  onError(error: unknown): void;
  /** [PL44] The cluster's Redis namespace (`parley` by default): its keys and channels start with it. */
  namespace: string;
}

/**
 * [PL42] Telephone dial-in in a cluster: a tenant's PINs, calls and mix live on its owner node;
 * a phone may dial in at any node, which finds the tenant in the PIN directory and relays it.
 */
export class ClusterPhones implements PhoneCluster {
  readonly pins: PinDirectory;
  /** Every node hears on it which calls' phones to hang up ([PL42]). */
  readonly channel: string;
  private telephony: Telephony | undefined;

  constructor(private readonly deps: ClusterPhoneDeps) {
    this.pins = new RedisPinDirectory(deps.publisher, `${deps.namespace}:phone:pin:`);
    this.channel = `${deps.namespace}:phone:hangups`;
  }

  /** The node's telephony, once it is made (it is made with this as its cluster). */
  attach(telephony: Telephony): void {
    this.telephony = telephony;
  }

  owns(tenantId: string): boolean {
    return this.deps.owns(tenantId);
  }

  async callOwner(tenantId: string, method: PhoneMethod, args: unknown[]): Promise<unknown> {
    const node = await this.deps.ownerOf(tenantId);
    if (node === this.deps.nodeId) return this.run(tenantId, method, args);
    return this.deps.call(node, { tenantId, method: PREFIX + method, args });
  }

  /** The owner's side of a forwarded `phone.*` command. */
  execute(command: OwnerCommand): Promise<unknown> {
    return this.run(command.tenantId, command.method.slice(PREFIX.length) as PhoneMethod, command.args);
  }

  private run(tenantId: string, method: PhoneMethod, args: unknown[]): Promise<unknown> {
    const telephony = this.telephony;
    if (!telephony) return Promise.reject(new Error('telephony not attached'));
    return telephony.execute(tenantId, method, args);
  }

  hangUpEverywhere(tenantId: string, conversationId: string, side?: CallSide): void {
    const payload = JSON.stringify({ tenantId, conversationId, ...(side ? { side } : {}) });
    this.deps.publisher.publish(this.channel, payload).catch((error: unknown) => this.deps.onError(error));
  }

  /** A hang-up another node (or this one) published: this node's phones of that call hang up. */
  received(payload: string): void {
    try {
      const { tenantId, conversationId, side } = JSON.parse(payload) as {
        tenantId: string;
        conversationId: string;
        side?: CallSide;
      };
      this.telephony?.hangUpHere(tenantId, conversationId, side);
    } catch (error) {
      this.deps.onError(error);
    }
  }
}
