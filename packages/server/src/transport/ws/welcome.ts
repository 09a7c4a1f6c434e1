import { PROTOCOL_VERSION, type ServerMessage } from '@parley/protocol';
import type { Welcome } from '../../domain/live/core.ts';
import type { TimerHandle } from '../../domain/runtime.ts';
import { iceServersFor } from '../../media/iceServers.ts';
import type { Services } from '../services.ts';
import type { Greeted } from './greeted.ts';

/** The privacy notice a visitor's welcome carries: how long chats are kept, and where to read more. */
export interface PrivacyNotice {
  keptDays: number | null;
  noticeUrl: string | null;
}

/** The `welcome` that answers an accepted hello: who the client is and the live state it starts from. */
export function welcomeMessage(
  services: Services,
  role: 'visitor' | 'consultant',
  self: { id: string; name: string },
  resumeToken: string | null,
  w: Welcome,
  privacy?: PrivacyNotice,
): ServerMessage {
  const { config, runtime } = services;
  return {
    type: 'welcome',
    v: PROTOCOL_VERSION,
    role,
    self,
    resumeToken,
    iceServers: iceServersFor(config, self.id, runtime.clock.now()),
    available: w.available,
    conversations: w.conversations,
    messages: w.messages,
    link: w.link,
    links: w.links,
    broadcasts: w.broadcasts,
    capacity: w.capacity,
    emailTranscripts: services.transcripts.available,
    ...(privacy ? { privacy } : {}),
  };
}

/** [TP10] A page that comes back mid-call learns again that its call's audio goes by phone. */
export async function phoneCallsOnReturn(services: Services, greeted: Greeted | undefined): Promise<ServerMessage[]> {
  if (!greeted || !services.telephony) return [];
  return services.telephony.deskOf(greeted.live.tenantId).phoneCallsOf(greeted.actor);
}

/**
 * [NW3] TURN credentials expire after PARLEY_TURN_TTL; a call outlives them. At half their
 * lifetime the client gets fresh ones, and so on while the socket is open (a reconnect's
 * welcome starts over), so a later peer connection never allocates with expired credentials.
 * Returns what stops the refreshes, or nothing without TURN.
 */
export function refreshIceServers(
  services: Services,
  userId: string,
  send: (message: ServerMessage) => void,
  closed: () => boolean,
): (() => void) | undefined {
  const { config, runtime } = services;
  if (!config.turn) return undefined;
  const halfLife = Math.max(1000, (config.turn.ttlSeconds * 1000) / 2);
  const schedule = (): TimerHandle =>
    runtime.timers.setTimeout(() => {
      if (closed()) return;
      send({ type: 'ice.servers', iceServers: iceServersFor(config, userId, runtime.clock.now()) });
      timer = schedule();
    }, halfLife);
  let timer = schedule();
  return () => timer.cancel();
}
