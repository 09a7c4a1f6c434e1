import { describe, expect, it } from 'vitest';
import { unknownMedia, visitorSetupOf, withMediaState, withoutMember } from './mediaFacts.ts';

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
    const media = withMediaState(withMediaState(unknownMedia, 'visitor', state, 'v-1'), 'consultant', state, 'c-1');
    expect(media).toEqual({
      visitor: { ...state, supportVideo: false },
      consultant: state,
      members: { 'v-1': { ...state, supportVideo: false }, 'c-1': state },
    });
    expect(unknownMedia).toEqual({ visitor: null, consultant: null });
  });

  it('[SM1] a colleague in a conference has their own state; it never replaces the owner’s, and leaves with them', () => {
    const on = { camera: true, microphone: true, screen: false, supportVideo: false };
    const owner = withMediaState(unknownMedia, 'consultant', on, 'c-owner');
    const both = withMediaState(owner, 'consultant', { ...on, camera: false, remoteGain: 0.2 }, 'c-sam', false);
    expect(both.consultant).toEqual(on);
    expect(both.members).toEqual({ 'c-owner': on, 'c-sam': { ...on, camera: false, remoteGain: 0.2 } });
    // Sam leaves: the owner's side is unchanged. The owner leaves and Sam carries on: Sam's is the side's.
    expect(withoutMember(both, 'c-sam')).toEqual({ visitor: null, consultant: on, members: { 'c-owner': on } });
    expect(withoutMember(both, 'c-owner', 'c-sam')).toEqual({
      visitor: null,
      consultant: { ...on, camera: false, remoteGain: 0.2 },
      members: { 'c-sam': { ...on, camera: false, remoteGain: 0.2 } },
    });
  });
});
