import type { Redis } from 'ioredis';
import type { LeaseGrant, LeaseStore } from '../domain/placement/leaseKeeper.ts';

/**
 * Leases in Redis ([PL1]–[PL5]). One key per lease holds `owner|token` with a TTL that Redis
 * counts on its own clock; a second key per lease is its token counter; a third, living one TTL
 * from the counter's cold start, marks every grant in that TTL cold ([PL5]). Each operation is one Lua
 * script, so Redis runs it atomically: no other node's command lands between the check and the write.
 */
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current then
  local sep = string.find(current, '|', 1, true)
  if string.sub(current, 1, sep - 1) ~= ARGV[1] then return false end
end
local cold = 0
if redis.call('EXISTS', KEYS[2]) == 0 then
  if ARGV[3] == '-1' then return 'floor' end
  local time = redis.call('TIME')
  local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  redis.call('SET', KEYS[2], string.format('%d', math.max(tonumber(ARGV[3]), nowMs)))
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[2])
  cold = 1
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  cold = 1
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return {token, cold}
`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export class RedisLeaseStore implements LeaseStore {
  /**
   * @param floorOf the storage's highest admitted token for a key (`FenceStore.highest`): asked
   *   only when Redis has no counter for the key (new, or lost in a restart).
   */
  constructor(
    private readonly redis: Redis,
    private readonly floorOf: (key: string) => Promise<number>,
    private readonly prefix = 'parley:lease:',
  ) {}

  async acquire(key: string, owner: string, ttlMs: number): Promise<LeaseGrant | null> {
    let reply = await this.run(ACQUIRE, key, owner, ttlMs, -1);
    if (reply === 'floor') reply = await this.run(ACQUIRE, key, owner, ttlMs, await this.floorOf(key));
    if (!Array.isArray(reply)) return null;
    const [token, cold] = reply as [number, number];
    return cold === 1 ? { token, cold: true } : { token };
  }

  async renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean> {
    const reply = await this.redis.eval(RENEW, 1, this.prefix + key, `${owner}|${token}`, ttlMs);
    return reply === 1;
  }

  async release(key: string, owner: string, token: number): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + key, `${owner}|${token}`);
  }

  /** Who Redis says holds `key` now (operators' view and tests). */
  async holder(key: string): Promise<{ owner: string; token: number } | null> {
    const value = await this.redis.get(this.prefix + key);
    if (!value) return null;
    const sep = value.lastIndexOf('|');
    return { owner: value.slice(0, sep), token: Number(value.slice(sep + 1)) };
  }

  private run(script: string, key: string, owner: string, ttlMs: number, floor: number): Promise<unknown> {
    if (owner.includes('|')) throw new Error('a lease owner name must not contain "|"');
    const keys = [this.prefix + key, `${this.prefix}${key}:token`, `${this.prefix}${key}:cold`];
    return this.redis.eval(script, keys.length, ...keys, owner, ttlMs, floor);
  }
}

const HEARTBEAT = `
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
return redis.call('ZRANGEBYSCORE', KEYS[1], nowMs, '+inf')
`;

const MEMBERS = `
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZRANGEBYSCORE', KEYS[1], nowMs, '+inf')
`;

/**
 * [PL22] The live nodes: each node announces itself every renewal period in a sorted set scored by
 * when its announcement runs out (on Redis's clock); a node that stops announcing drops out after
 * one TTL. One Lua script announces, prunes and lists, so every node sees the same set.
 */
export class RedisMembership {
  constructor(
    private readonly redis: Redis,
    private readonly key = 'parley:nodes',
  ) {}

  async heartbeat(nodeId: string, ttlMs: number): Promise<string[]> {
    return (await this.redis.eval(HEARTBEAT, 1, this.key, nodeId, ttlMs)) as string[];
  }

  /** The live nodes, without announcing this one (a node still booting is not counted yet). */
  async members(): Promise<string[]> {
    return (await this.redis.eval(MEMBERS, 1, this.key)) as string[];
  }

  /** A drained node leaves at once, so the others stop ranking it first ([PL4]). */
  async leave(nodeId: string): Promise<void> {
    await this.redis.zrem(this.key, nodeId);
  }
}
