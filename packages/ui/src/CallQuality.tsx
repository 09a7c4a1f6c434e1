import { useEffect, useState } from 'react';
import { QualityMonitor, type PeerCall, type QualityFigures, type QualityReading } from '@parley/client';
import type { CallQuality } from '@parley/protocol';
import type { Translate } from '@parley/i18n';

/**
 * [NW4] Measures the call's connection every two seconds while `call` lives: undefined until a few
 * seconds are measured. ICE "disconnected" or "failed" counts as a bad link at once.
 */
export function useCallQuality(call: PeerCall | undefined): QualityReading | undefined {
  const [reading, setReading] = useState<QualityReading | undefined>();
  useEffect(() => {
    setReading(undefined);
    if (!call) return;
    const monitor = new QualityMonitor({
      sample: async () => {
        const pc = call.peerConnection;
        if (!pc || pc.connectionState === 'closed') return null;
        const report = await pc.getStats();
        const connected = pc.iceConnectionState !== 'disconnected' && pc.iceConnectionState !== 'failed';
        return {
          report: report.values() as Iterable<Record<string, unknown> & { type: string; id: string }>,
          connected,
        };
      },
    });
    const off = monitor.on('change', setReading);
    monitor.start();
    return () => {
      off();
      monitor.stop();
    };
  }, [call]);
  return reading;
}

const labels = {
  good: 'quality.good',
  weak: 'quality.weak',
  bad: 'quality.bad',
} as const;

function describeFigures(figures: QualityFigures, t: Translate): string {
  const parts = [
    figures.rttMs !== null && t('quality.rtt', { ms: Math.round(figures.rttMs) }),
    t('quality.loss', { percent: figures.lossPercent }),
    figures.fps !== null && t('quality.fps', { fps: Math.round(figures.fps) }),
    figures.jitterMs !== null && t('quality.jitter', { ms: figures.jitterMs }),
    figures.audioConcealedPercent !== null && t('quality.concealed', { percent: figures.audioConcealedPercent }),
  ];
  return parts.filter((p) => typeof p === 'string').join(' · ');
}

interface Props {
  reading: QualityReading | undefined;
  /** The consultant reads the numbers behind the level on hover (and screen readers with it). */
  detailed?: boolean;
  t: Translate;
}

/** [NW4] A dot and a word for this side's connection: good, weak or bad. */
export function QualityIndicator({ reading, detailed = false, t }: Props) {
  if (!reading) return null;
  const details = detailed ? describeFigures(reading.figures, t) : undefined;
  return (
    <span
      className={`quality quality-${reading.level}`}
      data-testid="call-quality"
      data-level={reading.level}
      role="status"
      title={details}
    >
      <span className="quality-dot" aria-hidden="true" />
      {t(labels[reading.level])}
      {details && <span className="visually-hidden">{` (${details})`}</span>}
    </span>
  );
}

/** [NW4] The other side's own measure, as it reported it: shown to the consultant beside their own. */
export function RemoteQuality({ quality, name, t }: { quality: CallQuality | undefined; name: string; t: Translate }) {
  if (!quality || quality === 'good') return null;
  return (
    <span className={`quality quality-${quality}`} data-testid="remote-quality" data-level={quality} role="status">
      <span className="quality-dot" aria-hidden="true" />
      {t(quality === 'bad' ? 'quality.remoteBad' : 'quality.remoteWeak', { name })}
    </span>
  );
}
