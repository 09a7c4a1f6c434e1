import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('[PL7][PL44] cluster settings from the environment', () => {
  const redis = { PARLEY_REDIS_URL: 'redis://127.0.0.1:6379', PARLEY_NODE_ID: 'n1' };

  it('[PL7] without PARLEY_REDIS_URL a server is one process: no cluster settings', () => {
    expect(loadConfig({}).cluster).toBeNull();
  });

  it('[PL44] the Redis namespace is `parley` unless PARLEY_REDIS_NAMESPACE names another', () => {
    expect(loadConfig(redis).cluster?.namespace).toBe('parley');
    expect(loadConfig({ ...redis, PARLEY_REDIS_NAMESPACE: 'staging' }).cluster?.namespace).toBe('staging');
  });

  it('[PL44] a namespace that could run into another key (`:`, spaces, too long) is refused with what is allowed', () => {
    for (const bad of ['a:b', 'two words', 'x'.repeat(41), 'parley*']) {
      expect(() => loadConfig({ ...redis, PARLEY_REDIS_NAMESPACE: bad })).toThrow(/PARLEY_REDIS_NAMESPACE must be/);
    }
  });
});
