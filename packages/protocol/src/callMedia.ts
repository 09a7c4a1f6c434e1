import { z } from 'zod';

/**
 * Media facts that travel through the server (docs/SPEC.md [MD1]–[MD8]): how the visitor
 * joined (media check, chosen mode, browser) and what each side is sending right now.
 * The media itself never passes through Parley; these are only the facts both sides show.
 */

/** [MD1] How the visitor's media check ended: devices worked, skipped on purpose, or failed. */
export const MediaCheckResult = z.enum(['passed', 'skipped', 'failed']);
export type MediaCheckResult = z.infer<typeof MediaCheckResult>;

/** [MD2] What the visitor chose to join with (F-08). */
export const CallMode = z.enum(['video', 'audio', 'text']);
export type CallMode = z.infer<typeof CallMode>;

export const DeviceType = z.enum(['desktop', 'tablet', 'phone']);
export type DeviceType = z.infer<typeof DeviceType>;

/** [MD3] The visitor's browser, read by the server from the WebSocket upgrade's User-Agent. */
export const ClientInfo = z.object({
  browser: z.string().max(40),
  browserVersion: z.string().max(20),
  os: z.string().max(40),
  device: DeviceType,
});
export type ClientInfo = z.infer<typeof ClientInfo>;

/** What the visitor sends with Connect: the result of the media check. */
export const VisitorSetupInput = z.object({
  mediaCheck: MediaCheckResult,
  mode: CallMode,
  /** False when the browser has no WebRTC at all (F-13): the call can only be text chat. */
  webrtc: z.boolean(),
});
export type VisitorSetupInput = z.infer<typeof VisitorSetupInput>;

/** What the consultant is shown of how the visitor joined. */
export const VisitorSetup = VisitorSetupInput.extend({ client: ClientInfo.nullable() });
export type VisitorSetup = z.infer<typeof VisitorSetup>;

/** [NW4] How the call's connection measures on one side (its getStats), as its UI shows it. */
export const CallQuality = z.enum(['good', 'weak', 'bad']);
export type CallQuality = z.infer<typeof CallQuality>;

/** [MD4] What one side is sending right now. */
export const MediaState = z.object({
  camera: z.boolean(),
  microphone: z.boolean(),
  screen: z.boolean(),
  /** The consultant plays a support video instead of the camera (F-19). */
  supportVideo: z.boolean(),
  /** [NW4] Absent until the side has measured a few seconds of the call. */
  quality: CallQuality.optional(),
  /**
   * [NW5][NW7] What this side asks to receive: on a bad link the visitor may take voice only (no
   * video comes to them) or text only (no media at all), and the consultant may stop the visitor's
   * video; the other side stops sending it. Absent: all.
   */
  receive: z.enum(['all', 'voice', 'text']).optional(),
  /**
   * [MD9] The microphone gain this side asks the other to apply (0–2, as in the settings): the
   * consultant sets the level of a visitor who cannot find the setting (seed 004). Absent: none.
   */
  remoteGain: z.number().min(0).max(2).optional(),
});
export type MediaState = z.infer<typeof MediaState>;

export const noMedia: MediaState = { camera: false, microphone: false, screen: false, supportVideo: false };

export const ConversationMedia = z.object({
  visitor: MediaState.nullable(),
  /** The state of the consultant who owns the call (a colleague in a conference never replaces it). */
  consultant: MediaState.nullable(),
  /**
   * [SM1] Every participant's own state by feed id (`v-<visitor>`, `c-<consultant>`), for a
   * conference's tiles; a consultant who leaves the call leaves it. Absent until someone reports.
   */
  members: z.record(z.string().max(80), MediaState).optional(),
});
export type ConversationMedia = z.infer<typeof ConversationMedia>;

// ---- support videos (F-19) ----

/** [MD7] Clip types a browser can play and capture; anything else is refused. */
export const supportVideoTypes = ['video/webm', 'video/mp4', 'video/ogg'] as const;
export const SupportVideoType = z.enum(supportVideoTypes);
export type SupportVideoType = z.infer<typeof SupportVideoType>;
/** [MD7] Largest clip accepted (bytes). */
export const MAX_SUPPORT_VIDEO_BYTES = 50 * 1024 * 1024;

export const SupportVideoUploadQuery = z.object({ name: z.string().trim().min(1).max(120) });

export const SupportVideo = z.object({
  id: z.string(),
  name: z.string(),
  type: SupportVideoType,
  size: z.number().int().nonnegative(),
  createdAt: z.number(),
});
export type SupportVideo = z.infer<typeof SupportVideo>;

export const SupportVideoList = z.object({ videos: z.array(SupportVideo) });
export type SupportVideoList = z.infer<typeof SupportVideoList>;
