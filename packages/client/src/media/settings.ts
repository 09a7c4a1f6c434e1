/**
 * [MD6] Video presets and the media settings each browser keeps. Pure data and functions, so
 * they are unit-tested without a browser.
 */
export interface VideoPreset {
  id: string;
  width: number;
  height: number;
  fps: number;
}

const sizes = [
  [160, 120],
  [320, 240],
  [640, 480],
] as const;
const rates = [8, 15, 25] as const;

/** The nine presets: 160x120, 320x240, 640x480 at 8, 15 and 25 frames per second. */
export const videoPresets: readonly VideoPreset[] = sizes.flatMap(([width, height]) =>
  rates.map((fps) => ({ id: `${width}x${height}@${fps}`, width, height, fps })),
);

export const defaultPresetId = '640x480@25';

export function presetById(id: string): VideoPreset {
  return videoPresets.find((p) => p.id === id) ?? (videoPresets.find((p) => p.id === defaultPresetId) as VideoPreset);
}

/** Constraints that make the camera deliver at most the preset (the browser scales down). */
export function presetConstraints(preset: VideoPreset): MediaTrackConstraints {
  return {
    width: { ideal: preset.width, max: preset.width },
    height: { ideal: preset.height, max: preset.height },
    frameRate: { ideal: preset.fps, max: preset.fps },
  };
}

export interface MediaSettings {
  videoDeviceId: string;
  audioDeviceId: string;
  speakerDeviceId: string;
  presetId: string;
  /** Microphone gain, 0–2 (1 = unchanged), applied with a Web Audio gain node. */
  gain: number;
  /** Playback volume of the other side, 0–1. */
  volume: number;
}

export const defaultSettings: MediaSettings = {
  videoDeviceId: '',
  audioDeviceId: '',
  speakerDeviceId: '',
  presetId: defaultPresetId,
  gain: 1,
  volume: 1,
};

export interface SettingsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const SETTINGS_KEY = 'parley.media.settings';

const clamp = (value: unknown, min: number, max: number, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 256) : '');

/** Reads saved settings; anything missing or damaged falls back to the default. */
export function loadSettings(storage: SettingsStorage | undefined): MediaSettings {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? '{}');
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // damaged settings: start from the defaults
  }
  return {
    videoDeviceId: text(raw.videoDeviceId),
    audioDeviceId: text(raw.audioDeviceId),
    speakerDeviceId: text(raw.speakerDeviceId),
    presetId: presetById(text(raw.presetId)).id,
    gain: clamp(raw.gain, 0, 2, 1),
    volume: clamp(raw.volume, 0, 1, 1),
  };
}

export function saveSettings(storage: SettingsStorage | undefined, settings: MediaSettings): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // storage blocked (third-party iframe settings): settings last for this page only
  }
}

export type MediaProblem = 'denied' | 'none' | 'busy' | 'unsupported';

/** Turns a getUserMedia failure into what the visitor is told. */
export function classifyMediaError(error: unknown): MediaProblem {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') return 'busy';
  return 'none';
}
