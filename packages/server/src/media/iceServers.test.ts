import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iceServersFor } from './iceServers.ts';

describe('TURN credentials on several nodes', () => {
  it('[PL28][NW3] two nodes with the same secret issue the same credential, which coturn checks with that secret alone', () => {
    const turn = { urls: ['turn:turn.example:3478'], secret: 'shared-turn-secret', ttlSeconds: 3600 };
    const nodeA = { stunUrls: [], turn };
    const nodeB = { stunUrls: ['stun:stun.example:3478'], turn: { ...turn, urls: [...turn.urls] } };
    const now = 1_800_000_000_000;
    const fromA = iceServersFor(nodeA, 'v-1', now).find((s) => s.username !== undefined);
    const fromB = iceServersFor(nodeB, 'v-1', now).find((s) => s.username !== undefined);
    expect(fromA).toEqual(fromB);
    expect(fromA?.username).toBe(`${now / 1000 + 3600}:v-1`);
    // What coturn's use-auth-secret does: HMAC-SHA1 of the username with the static secret.
    expect(fromA?.credential).toBe(
      createHmac('sha1', 'shared-turn-secret')
        .update(fromA?.username ?? '')
        .digest('base64'),
    );
  });
});
