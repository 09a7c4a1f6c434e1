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

/**
 * Which peer connection of the page: its current 1:1 call (`window.__parley.call()`), or its first
 * SFU leg of a kind (`window.__parley.legs`: a broadcast viewer's or a conference's, [NW8]).
 */
export type PeerSource = 'call' | 'subscriber' | 'publisher';

type Stat = Record<string, unknown> & { type: string; id: string };

/** The getStats() reports of one of the page's peer connections, or null while it has none. */
async function statsOf(target: Page | Frame, source: PeerSource): Promise<Stat[] | null> {
  return target.evaluate(async (source) => {
    interface Hook {
      call?(): { peerConnection?: RTCPeerConnection } | undefined;
      legs?: Set<{ peerConnection: RTCPeerConnection; kind: string }>;
    }
    const hook = (window as unknown as { __parley?: Hook }).__parley;
    const pc =
      source === 'call'
        ? hook?.call?.()?.peerConnection
        : [...(hook?.legs ?? [])].find((leg) => leg.kind === source)?.peerConnection;
    if (!pc) return null;
    const reports: Stat[] = [];
    (await pc.getStats()).forEach((s: Stat) => reports.push({ ...s }));
    return reports;
  }, source);
}

/** Reads the selected pair of one of the page's peer connections; null before ICE completes. */
export async function selectedPath(target: Page | Frame, source: PeerSource = 'call'): Promise<SelectedPath | null> {
  const reports = await statsOf(target, source);
  if (!reports) return null;
  const stats = new Map<string, Stat>(reports.map((s) => [s.id, s]));
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

async function totals(target: Page | Frame, source: PeerSource): Promise<Totals> {
  const reports = await statsOf(target, source);
  const t = {
    framesDecoded: 0,
    width: 0,
    height: 0,
    freezeCount: 0,
    totalFreezesDuration: 0,
    concealedSamples: 0,
    totalSamplesReceived: 0,
    at: Date.now(),
  };
  if (!reports) return t;
  reports.forEach((s) => {
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
}

/** Measures what one side receives during `seconds` (the measuring window's length, not a wait for a result). */
export async function measureReceived(
  target: Page | Frame,
  seconds: number,
  source: PeerSource = 'call',
): Promise<ReceivedQuality> {
  const first = await totals(target, source);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const last = await totals(target, source);
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
