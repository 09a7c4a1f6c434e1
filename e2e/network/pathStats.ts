import type { Frame, Page } from '@playwright/test';

/** The ICE candidate pair a call's peer connection uses now, from its getStats(). */
export interface SelectedPath {
  /** `host`, `srflx`, `prflx` or `relay` — of this side's candidate. */
  localType: string;
  remoteType: string;
  /** Transport between this browser and the TURN server for a relay candidate: `udp`, `tcp` or `tls`. */
  relayProtocol: string | null;
  localAddress: string;
  remoteAddress: string;
  /** Seconds (WebRTC `currentRoundTripTime`). */
  roundTripTime: number | null;
}

/** Reads the selected pair of the page's current 1:1 call (`window.__parley.call()`); null before ICE completes. */
export async function selectedPath(target: Page | Frame): Promise<SelectedPath | null> {
  return target.evaluate(async () => {
    interface Hook {
      call(): { peerConnection?: RTCPeerConnection } | undefined;
    }
    const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
    if (!pc) return null;
    type Stat = Record<string, unknown> & { type: string; id: string };
    const stats = new Map<string, Stat>();
    (await pc.getStats()).forEach((s: Stat) => stats.set(s.id, s));
    const transport = [...stats.values()].find((s) => s.type === 'transport');
    const pairId = transport?.selectedCandidatePairId;
    const pair = typeof pairId === 'string' ? stats.get(pairId) : undefined;
    if (!pair || pair.state !== 'succeeded') return null;
    const local = stats.get(String(pair.localCandidateId));
    const remote = stats.get(String(pair.remoteCandidateId));
    if (!local || !remote) return null;
    return {
      localType: String(local.candidateType),
      remoteType: String(remote.candidateType),
      relayProtocol: typeof local.relayProtocol === 'string' ? local.relayProtocol : null,
      localAddress: `${String(local.address)}:${String(local.port)}`,
      remoteAddress: `${String(remote.address)}:${String(remote.port)}`,
      roundTripTime: typeof pair.currentRoundTripTime === 'number' ? pair.currentRoundTripTime : null,
    };
  });
}

/** Received video over a window: frames per second, freezes, resolution; audio concealment. */
export interface ReceivedQuality {
  fps: number;
  width: number;
  height: number;
  freezeCount: number;
  totalFreezesSeconds: number;
  /** Share of audio samples the receiver had to invent (concealedSamples / totalSamplesReceived). */
  audioConcealment: number;
}

interface Totals {
  framesDecoded: number;
  width: number;
  height: number;
  freezeCount: number;
  totalFreezesDuration: number;
  concealedSamples: number;
  totalSamplesReceived: number;
  at: number;
}

async function totals(target: Page | Frame): Promise<Totals> {
  return target.evaluate(async () => {
    interface Hook {
      call(): { peerConnection?: RTCPeerConnection } | undefined;
    }
    const pc = (window as unknown as { __parley?: Hook }).__parley?.call()?.peerConnection;
    const t = {
      framesDecoded: 0,
      width: 0,
      height: 0,
      freezeCount: 0,
      totalFreezesDuration: 0,
      concealedSamples: 0,
      totalSamplesReceived: 0,
      at: performance.now(),
    };
    if (!pc) return t;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      if (s.type !== 'inbound-rtp') return;
      const n = (key: string) => (typeof s[key] === 'number' ? s[key] : 0);
      if (s.kind === 'video' && n('framesDecoded') > 0) {
        // The camera's receiver (the screen's decodes nothing unless a screen is shared).
        t.framesDecoded += n('framesDecoded');
        t.width = Math.max(t.width, n('frameWidth'));
        t.height = Math.max(t.height, n('frameHeight'));
        t.freezeCount += n('freezeCount');
        t.totalFreezesDuration += n('totalFreezesDuration');
      }
      if (s.kind === 'audio') {
        t.concealedSamples += n('concealedSamples');
        t.totalSamplesReceived += n('totalSamplesReceived');
      }
    });
    return t;
  });
}

/** Measures what one side receives during `seconds` (the measuring window's length, not a wait for a result). */
export async function measureReceived(target: Page | Frame, seconds: number): Promise<ReceivedQuality> {
  const first = await totals(target);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const last = await totals(target);
  const elapsed = (last.at - first.at) / 1000;
  const samples = last.totalSamplesReceived - first.totalSamplesReceived;
  return {
    fps: (last.framesDecoded - first.framesDecoded) / elapsed,
    width: last.width,
    height: last.height,
    freezeCount: last.freezeCount - first.freezeCount,
    totalFreezesSeconds: last.totalFreezesDuration - first.totalFreezesDuration,
    audioConcealment: samples > 0 ? (last.concealedSamples - first.concealedSamples) / samples : 1,
  };
}
