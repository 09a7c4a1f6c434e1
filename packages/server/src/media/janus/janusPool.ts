import type { JanusConfig } from '../../config.ts';
import type { Sfu } from '../../domain/media/sfu.ts';
import { JanusSfu } from './JanusSfu.ts';

/**
 * [PL27] The SFU at a location recorded with a room: this node's own, or — for a room made by
 * another node on its own Janus — that Janus, reached with this node's credentials (the Janus
 * hosts of a cluster share their API secret and admin key, docs/deploy.md). One adapter per URL.
 */
export function janusPool(
  own: Sfu,
  credentials: JanusConfig | null,
): { at(location: string): Sfu; close(): Promise<void> } {
  const others = new Map<string, JanusSfu>();
  return {
    at(location) {
      if (!credentials || location === own.location || !/^wss?:\/\//.test(location)) return own;
      let other = others.get(location);
      if (!other) others.set(location, (other = new JanusSfu({ ...credentials, url: location })));
      return other;
    },
    async close() {
      await Promise.all([...others.values()].map((other) => other.close()));
      others.clear();
    },
  };
}
