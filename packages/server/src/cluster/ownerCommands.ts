import { ParleyError, errorCodes, type ErrorCode } from '@parley/protocol';
import type { Redis } from 'ioredis';
import type { Runtime } from '../domain/runtime.ts';

/**
 * [PL6] Commands for a tenant's owner node (issue 18; docs/decisions/0006-cluster-on-redis.md).
 * A socket may land on any node, but only the node holding the tenant's lease runs its commands.
 * The node the socket is on sends each command on the owner's command channel and waits for the
 * answer on its own reply channel; the owner runs commands in the order they arrive (pub/sub
 * keeps one publisher's order) and answers with the result or the error's code.
 *
 * A command not answered within the timeout fails with `owner_unreachable`: the owner died or
 * lost Redis, the lease will move, and the client retries as after a reconnect ([M3] keeps chat
 * exactly-once across that). A late answer is dropped.
 */
export interface OwnerCommand {
  tenantId: string;
  /** The `TenantLive` method to run, e.g. `sendChat`. */
  method: string;
  /** Its arguments: plain JSON (actors, ids, validated payloads). */
  args: unknown[];
}

interface Request extends OwnerCommand {
  id: string;
  replyTo: string;
}

type Answer = { ok: true; value: unknown } | { ok: false; code: ErrorCode; detail: string };
type Reply = Answer & { id: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  cancel(): void;
}

export interface OwnerCommandOptions {
  /** How long a caller waits for the owner's answer. */
  timeoutMs?: number;
  /** [PL25] How long it waits for SFU signalling (`media*`), which waits on the SFU itself. */
  sfuTimeoutMs?: number;
  prefix?: string;
}

/** [PL25] The default wait for SFU signalling run on the owner. */
const SFU_COMMAND_TIMEOUT_MS = 20_000;

const isErrorCode = (code: unknown): code is ErrorCode => errorCodes.includes(code as ErrorCode);

export class RedisOwnerCommands {
  private readonly pending = new Map<string, Pending>();
  private execute: ((command: OwnerCommand) => Promise<unknown>) | undefined;
  private readonly timeoutMs: number;
  private readonly sfuTimeoutMs: number;
  private readonly prefix: string;
  private readonly ready: Promise<unknown>;

  /**
   * @param subscriber a connection of its own: in subscriber mode Redis does nothing else.
   * @param nodeId this node's id, also the name of its channels.
   */
  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly nodeId: string,
    private readonly runtime: Runtime,
    private readonly onError: (error: unknown) => void,
    options: OwnerCommandOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
    // The owner's SFU adapter may itself wait on Janus (a request's own 10 s; a feed not up yet
    // is retried for 5 s): a slow SFU is not a lost owner, and must not close the socket ([PL7]).
    this.sfuTimeoutMs = Math.max(this.timeoutMs, options.sfuTimeoutMs ?? SFU_COMMAND_TIMEOUT_MS);
    this.prefix = options.prefix ?? 'parley:node:';
    subscriber.on('message', (channel: string, payload: string) => this.receive(channel, payload));
    this.ready = subscriber.subscribe(this.channel('commands'), this.channel('replies'));
  }

  /** Resolves once this node listens for commands and replies. */
  subscribed(): Promise<void> {
    return this.ready.then(() => undefined);
  }

  /** This node runs the commands sent to it with `execute` (the owner side). */
  serve(execute: (command: OwnerCommand) => Promise<unknown>): void {
    this.execute = execute;
  }

  /** Runs `command` on node `ownerId` and resolves with its result, or rejects with its coded error. */
  call(ownerId: string, command: OwnerCommand): Promise<unknown> {
    const id = this.runtime.ids.next('cmd');
    const request: Request = { ...command, id, replyTo: this.nodeId };
    return new Promise((resolve, reject) => {
      const timer = this.runtime.timers.setTimeout(
        () => {
          this.pending.delete(id);
          reject(new ParleyError('owner_unreachable'));
        },
        sfuMethods.has(command.method) ? this.sfuTimeoutMs : this.timeoutMs,
      );
      this.pending.set(id, { resolve, reject, cancel: () => timer.cancel() });
      this.publisher.publish(this.prefix + ownerId + ':commands', JSON.stringify(request)).catch((error: unknown) => {
        this.settle({ id, ok: false, code: 'owner_unreachable', detail: String(error) });
      });
    });
  }

  private channel(kind: 'commands' | 'replies'): string {
    return `${this.prefix}${this.nodeId}:${kind}`;
  }

  private receive(channel: string, payload: string): void {
    let message: unknown;
    try {
      // Only Parley nodes publish on these channels; a broken payload is a bug, logged and dropped.
      message = JSON.parse(payload);
    } catch (error) {
      this.onError(error);
      return;
    }
    if (channel === this.channel('replies')) this.settle(message as Reply);
    else if (channel === this.channel('commands')) this.run(message as Request);
  }

  private run(request: Request): void {
    const reply = (answer: Answer): void => {
      this.publisher
        .publish(this.prefix + request.replyTo + ':replies', JSON.stringify({ ...answer, id: request.id }))
        .catch(this.onError);
    };
    if (!this.execute) {
      reply({ ok: false, code: 'owner_unreachable', detail: 'this node serves no commands' });
      return;
    }
    // Started at once, in arrival order, as a local call would be; the tenant's live state
    // orders its own work from there.
    this.execute({ tenantId: request.tenantId, method: request.method, args: request.args }).then(
      (value) => reply({ ok: true, value: value ?? null }),
      (error: unknown) => {
        if (error instanceof ParleyError) reply({ ok: false, code: error.code, detail: error.message });
        else {
          this.onError(error);
          reply({ ok: false, code: 'internal_error', detail: 'internal error' });
        }
      },
    );
  }

  private settle(reply: Reply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return; // answered after the timeout: the caller has moved on
    this.pending.delete(reply.id);
    waiting.cancel();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(new ParleyError(isErrorCode(reply.code) ? reply.code : 'internal_error', reply.detail));
  }
}

/**
 * The `TenantLive` commands a socket's node may forward to the owner: each takes plain JSON and
 * returns a promise. Nothing else can be called from another node (a request naming any other
 * method is refused), whatever a publisher on the channel sends.
 */
export const forwardedMethods = [
  // A socket's arrival and departure on its node (the owner keeps presence and grace, [P2][P3]).
  'consultantConnected',
  'consultantDisconnected',
  'visitorConnected',
  'visitorDisconnected',
  'requestConversation',
  'phoneSides',
  'linkAvailable',
  'setAvailability',
  'reportSetup',
  'accept',
  'decline',
  'park',
  'pick',
  'setHold',
  'transfer',
  'cancel',
  'end',
  // [PL8] Mark as done: the owner stores it behind its fence and tells the consultant.
  'markDone',
  // [PL9] Where a consultant may transfer to, and an admin's change to links or consultants.
  'transferTargets',
  'directoryChanged',
  // [PL10] A message left in the inbox, and the request it was left from.
  'inboxChanged',
  'noteLeftMessage',
  // [PL11] Who an automatic invitation to a site visitor comes from.
  'inviterFor',
  'watchOverview',
  'readConversation',
  'takeOver',
  'superviseTransfer',
  'sendChat',
  'relaySignal',
  'relayCobrowse',
  'setMediaState',
  'inviteToConference',
  'joinConference',
  'declineConference',
  'leaveConference',
  'startBroadcast',
  'stopBroadcast',
  'joinBroadcast',
  'leaveBroadcast',
  // [PL25] SFU signalling: the owner's media rooms hold the tenant's legs, on the owner's SFU.
  'mediaPublish',
  'mediaSubscribe',
  'mediaStart',
  'mediaTrickle',
  'mediaSelectLayer',
  'mediaClose',
] as const;

export type ForwardedMethod = (typeof forwardedMethods)[number];

/** [PL25] The commands that wait on the owner's SFU. */
const sfuMethods: ReadonlySet<string> = new Set(forwardedMethods.filter((method) => method.startsWith('media')));

type Commands = Record<ForwardedMethod, (...args: never[]) => Promise<unknown>>;

/**
 * The owner's side: runs a forwarded command on the tenant's live state, if this node holds the
 * tenant (`liveOf` answers only for tenants whose lease it holds, [PL1]).
 */
export function ownerExecutor(
  liveOf: (tenantId: string) => Commands | undefined,
): (command: OwnerCommand) => Promise<unknown> {
  return async ({ tenantId, method, args }) => {
    if (!(forwardedMethods as readonly string[]).includes(method)) throw new ParleyError('forbidden');
    const live = liveOf(tenantId);
    // Not (or no longer) the owner: the caller finds the new owner and tries again.
    if (!live) throw new ParleyError('owner_unreachable');
    const run = live[method as ForwardedMethod] as (...a: unknown[]) => Promise<unknown>;
    return run.apply(live, args);
  };
}

/** The socket's side: the tenant's commands, each run on the owner node `ownerId`. */
export function forwardTo<Live extends Commands>(
  commands: RedisOwnerCommands,
  ownerId: string,
  tenantId: string,
): Pick<Live, ForwardedMethod> {
  return Object.fromEntries(
    forwardedMethods.map((method) => [
      method,
      (...args: unknown[]) => commands.call(ownerId, { tenantId, method, args }),
    ]),
  ) as unknown as Pick<Live, ForwardedMethod>;
}
