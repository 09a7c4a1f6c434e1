import { describe, expect, it } from 'vitest';
import { unknownMedia, visitorSetupOf, withMediaState } from './mediaFacts.ts';

const client = { browser: 'Chrome', browserVersion: '156', os: 'Linux', device: 'desktop' as const };

describe('media facts', () => {
  it('[MD1] a request without a media-check result counts as joined without a check', () => {
    expect(visitorSetupOf(undefined, client)).toEqual({ mediaCheck: 'skipped', mode: 'video', webrtc: true, client });
    expect(visitorSetupOf({ mediaCheck: 'passed', mode: 'audio', webrtc: true }, null)).toEqual({
      mediaCheck: 'passed',
      mode: 'audio',
      webrtc: true,
      client: null,
    });
  });

  it('[MD2] a browser without WebRTC joins as text only, with a failed check', () => {
    expect(visitorSetupOf({ mediaCheck: 'passed', mode: 'video', webrtc: false }, client)).toEqual({
      mediaCheck: 'failed',
      mode: 'text',
      webrtc: false,
      client,
    });
  });

  it('[MD4] keeps each side own state; only the consultant plays support video', () => {
    const state = { camera: true, microphone: false, screen: false, supportVideo: true };
    const media = withMediaState(withMediaState(unknownMedia, 'visitor', state), 'consultant', state);
    expect(media).toEqual({ visitor: { ...state, supportVideo: false }, consultant: state });
    expect(unknownMedia).toEqual({ visitor: null, consultant: null });
  });
});
