import type { ClientInfo, ConversationMedia, MediaState, VisitorSetup, VisitorSetupInput } from '@parley/protocol';

/**
 * [MD1][MD2] What the consultant is told about how the visitor joined. A request that says
 * nothing about a media check counts as joined without one; a browser without WebRTC can
 * only have a text call, whatever it asked for.
 */
export function visitorSetupOf(input: VisitorSetupInput | undefined, client: ClientInfo | null): VisitorSetup {
  const setup: VisitorSetupInput = input ?? { mediaCheck: 'skipped', mode: 'video', webrtc: true };
  if (!setup.webrtc) return { mediaCheck: 'failed', mode: 'text', webrtc: false, client };
  return { ...setup, client };
}

export const unknownMedia: ConversationMedia = { visitor: null, consultant: null };

/** [MD4] The conversation's media facts after one side said what it sends now. */
export function withMediaState(
  media: ConversationMedia,
  side: 'visitor' | 'consultant',
  state: MediaState,
): ConversationMedia {
  // Only the consultant plays support videos (F-19); a visitor's claim to is ignored.
  const own = side === 'visitor' ? { ...state, supportVideo: false } : state;
  return { ...media, [side]: own };
}
