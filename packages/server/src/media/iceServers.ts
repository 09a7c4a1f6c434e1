import { createHmac } from 'node:crypto';
import type { IceServer } from '@parley/protocol';
import type { Config } from '../config.ts';

/**
 * ICE servers for one participant. TURN uses coturn's REST API scheme: the username is
 * `expiry:userId` and the password is base64(HMAC-SHA1(secret, username)), so credentials
 * expire on their own and the secret never leaves the server.
 */
export function iceServersFor(config: Pick<Config, 'stunUrls' | 'turn'>, userId: string, nowMs: number): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: config.stunUrls });
  if (config.turn && config.turn.urls.length > 0) {
    const expiry = Math.floor(nowMs / 1000) + config.turn.ttlSeconds;
    const username = `${expiry}:${userId}`;
    const credential = createHmac('sha1', config.turn.secret).update(username).digest('base64');
    servers.push({ urls: config.turn.urls, username, credential });
  }
  return servers;
}
