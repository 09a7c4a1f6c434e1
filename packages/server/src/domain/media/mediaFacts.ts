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

/**
 * [MD4][SM1] The conversation's media facts after one participant (publishing as `feed`) said
 * what it sends now. Everyone's state is kept by feed (`members`, what a conference's tiles show);
 * `forSide` — the visitor, or the consultant who owns the call — also sets its side's state, the
 * one a 1:1 call shows and obeys ([NW7] receive, [MD9] gain), which a colleague never overwrites.
 */
export function withMediaState(
  media: ConversationMedia,
  side: 'visitor' | 'consultant',
  state: MediaState,
  feed: string,
  forSide = true,
): ConversationMedia {
  // Only the consultant plays support videos (F-19); a visitor's claim to is ignored.
  const own = side === 'visitor' ? { ...state, supportVideo: false } : state;
  const members = { ...media.members, [feed]: own };
  return forSide ? { ...media, [side]: own, members } : { ...media, members };
}

/**
 * [SM1] A consultant left the call: their state goes with them. When a colleague (`successor`)
 * carries the call on, the colleague's own state becomes the consultant side's.
 */
export function withoutMember(media: ConversationMedia, feed: string, successor?: string): ConversationMedia {
  const members = Object.fromEntries(Object.entries(media.members ?? {}).filter(([id]) => id !== feed));
  const consultant = successor === undefined ? media.consultant : (members[successor] ?? null);
  return { ...media, consultant, members };
}
