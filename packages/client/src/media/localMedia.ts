import { Emitter } from '../emitter.ts';
import {
  classifyMediaError,
  loadSettings,
  presetById,
  presetConstraints,
  saveSettings,
  type MediaProblem,
  type MediaSettings,
  type SettingsStorage,
} from './settings.ts';

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

export interface LocalMediaState {
  /** Camera and (raw) microphone together: what the own preview shows. */
  preview: MediaStream | null;
  camera: MediaStreamTrack | null;
  /** The microphone track that is sent (after the gain node when gain ≠ 1). */
  microphone: MediaStreamTrack | null;
  problem: MediaProblem | null;
  devices: DeviceLists;
  settings: MediaSettings;
}

export interface LocalMediaOptions {
  storage?: SettingsStorage;
  /** Injected for tests; the browser's by default. */
  mediaDevices?: MediaDevices;
}

/** Whether this browser can make WebRTC calls at all (F-13). */
export function webrtcSupported(): boolean {
  const devices = (globalThis.navigator as Navigator | undefined)?.mediaDevices;
  return typeof globalThis.RTCPeerConnection === 'function' && typeof devices?.getUserMedia === 'function';
}

/**
 * One side's camera and microphone: asks for them, switches them off and on, changes devices
 * and presets live ([MD5], [MD6]) and runs the microphone through a Web Audio gain node.
 * UIs listen to `change` and hand the tracks to a PeerCall.
 */
export class LocalMedia extends Emitter<{ change: LocalMediaState }> {
  private stateValue: LocalMediaState;
  private rawMicrophone: MediaStreamTrack | null = null;
  private audio: {
    context: AudioContext;
    gain: GainNode;
    source: MediaStreamAudioSourceNode;
    out: MediaStreamTrack;
  } | null = null;
  private closed = false;

  constructor(private readonly options: LocalMediaOptions = {}) {
    super();
    this.stateValue = {
      preview: null,
      camera: null,
      microphone: null,
      problem: null,
      devices: { cameras: [], microphones: [], speakers: [] },
      settings: loadSettings(options.storage),
    };
  }

  get state(): LocalMediaState {
    return this.stateValue;
  }

  private get devices(): MediaDevices | undefined {
    return this.options.mediaDevices ?? (globalThis.navigator as Navigator | undefined)?.mediaDevices;
  }

  /** Asks for camera and/or microphone; with both refused for lack of a camera, tries the microphone alone. */
  async open(want: { camera: boolean; microphone: boolean }): Promise<MediaProblem | null> {
    if (!webrtcSupported() && !this.options.mediaDevices) return this.fail('unsupported');
    let problem: MediaProblem | null = null;
    if (want.camera) problem = await this.setCamera(true);
    if (want.microphone) {
      const micProblem = await this.setMicrophone(true);
      problem = problem ?? micProblem;
    }
    await this.refreshDevices();
    this.update({ problem });
    return problem;
  }

  /** Camera on (asks for it) or off (stops it: the camera light goes out). */
  async setCamera(on: boolean): Promise<MediaProblem | null> {
    this.state.camera?.stop();
    if (!on) {
      this.update({ camera: null });
      return null;
    }
    const { videoDeviceId, presetId } = this.state.settings;
    const video = { ...presetConstraints(presetById(presetId)), ...(videoDeviceId ? { deviceId: videoDeviceId } : {}) };
    try {
      const stream = await this.getUserMedia({ video });
      const track = stream.getVideoTracks()[0] ?? null;
      if (this.closed) track?.stop();
      else this.update({ camera: track });
      return null;
    } catch (error) {
      this.update({ camera: null });
      return classifyMediaError(error);
    }
  }

  async setMicrophone(on: boolean): Promise<MediaProblem | null> {
    this.rawMicrophone?.stop();
    this.rawMicrophone = null;
    if (!on) {
      this.update({ microphone: null });
      return null;
    }
    const { audioDeviceId } = this.state.settings;
    try {
      const stream = await this.getUserMedia({ audio: audioDeviceId ? { deviceId: audioDeviceId } : true });
      this.rawMicrophone = stream.getAudioTracks()[0] ?? null;
      if (this.closed) this.rawMicrophone?.stop();
      this.update({ microphone: this.outgoingMicrophone() });
      return null;
    } catch (error) {
      this.update({ microphone: null });
      return classifyMediaError(error);
    }
  }

  /** The raw microphone, for a level meter. */
  get microphoneInput(): MediaStreamTrack | null {
    return this.rawMicrophone;
  }

  /**
   * [MD5] Applies new settings live: a new device is opened and swapped in, a new preset is
   * applied to the running camera with applyConstraints, gain is set on the gain node.
   */
  async apply(settings: MediaSettings): Promise<void> {
    const before = this.state.settings;
    this.update({ settings });
    if (this.state.camera) {
      if (settings.videoDeviceId !== before.videoDeviceId) await this.setCamera(true);
      else if (settings.presetId !== before.presetId)
        await this.state.camera.applyConstraints(presetConstraints(presetById(settings.presetId)));
    }
    if (this.rawMicrophone && settings.audioDeviceId !== before.audioDeviceId) await this.setMicrophone(true);
    else if (settings.gain !== before.gain) this.update({ microphone: this.outgoingMicrophone() });
  }

  save(): void {
    saveSettings(this.options.storage, this.state.settings);
  }

  async refreshDevices(): Promise<void> {
    const all = (await this.devices?.enumerateDevices().catch(() => [])) ?? [];
    this.update({
      devices: {
        cameras: all.filter((d) => d.kind === 'videoinput'),
        microphones: all.filter((d) => d.kind === 'audioinput'),
        speakers: all.filter((d) => d.kind === 'audiooutput'),
      },
    });
  }

  /** Browsers start audio only after a user gesture: call this from a click. */
  resumeAudio(): void {
    void this.audio?.context.resume();
  }

  close(): void {
    this.closed = true;
    this.state.camera?.stop();
    this.rawMicrophone?.stop();
    this.audio?.out.stop();
    void this.audio?.context.close();
    this.audio = null;
    this.update({ camera: null, microphone: null });
  }

  private async getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream> {
    const devices = this.devices;
    if (typeof devices?.getUserMedia !== 'function') throw new DOMException('no media devices', 'NotFoundError');
    return devices.getUserMedia(constraints);
  }

  /** Gain 1 sends the raw track (no Web Audio in the path); otherwise the gain node's output. */
  private outgoingMicrophone(): MediaStreamTrack | null {
    const raw = this.rawMicrophone;
    const { gain } = this.state.settings;
    if (!raw || gain === 1 || typeof AudioContext !== 'function') {
      this.teardownAudio();
      return raw;
    }
    if (this.audio?.source.mediaStream.getAudioTracks()[0] !== raw) {
      this.teardownAudio();
      const context = new AudioContext();
      const source = context.createMediaStreamSource(new MediaStream([raw]));
      const node = context.createGain();
      const destination = context.createMediaStreamDestination();
      source.connect(node).connect(destination);
      const out = destination.stream.getAudioTracks()[0];
      if (!out) return raw;
      this.audio = { context, gain: node, source, out };
      void context.resume();
    }
    this.audio.gain.gain.value = gain;
    return this.audio.out;
  }

  private teardownAudio(): void {
    if (!this.audio) return;
    this.audio.out.stop();
    void this.audio.context.close();
    this.audio = null;
  }

  private fail(problem: MediaProblem): MediaProblem {
    this.update({ problem });
    return problem;
  }

  private update(patch: Partial<LocalMediaState>): void {
    const next = { ...this.stateValue, ...patch };
    const tracks = [next.camera, this.rawMicrophone].filter((t): t is MediaStreamTrack => t !== null);
    const previous = this.stateValue.preview?.getTracks() ?? [];
    const same = previous.length === tracks.length && tracks.every((t) => previous.includes(t));
    next.preview = same ? this.stateValue.preview : tracks.length > 0 ? new MediaStream(tracks) : null;
    this.stateValue = next;
    this.emit('change', next);
  }
}
