import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ReportView } from '@parley/protocol';

/**
 * [RP7] Requests, answered and missed per period, drawn by uPlot (a canvas chart of ~50 KB that
 * draws a year of days at once; docs/performance.md has its bundle cost). The table under it holds
 * the same numbers for screen readers and copying.
 */
export function ReportChart({
  series,
  labels,
  title,
}: {
  series: ReportView['series'];
  labels: { requests: string; answered: string; missed: string };
  title: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const x = series.map((s) => Date.parse(`${s.key}T00:00:00Z`) / 1000);
    const data: uPlot.AlignedData = [
      x,
      series.map((s) => s.requests),
      series.map((s) => s.answered),
      series.map((s) => s.missed),
    ];
    const width = () => Math.max(280, element.clientWidth);
    const line = (label: string, stroke: string, dash?: number[]): uPlot.Series => ({
      label,
      stroke,
      width: 2,
      points: { show: series.length <= 62 },
      ...(dash ? { dash } : {}),
    });
    const chart = new uPlot(
      {
        width: width(),
        height: 220,
        // The days are local dates of the tenant's time zone: shown as they are, not shifted.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        series: [
          {},
          line(labels.requests, '#2456a6'),
          line(labels.answered, '#1b7f4b'),
          line(labels.missed, '#b3261e', [6, 4]),
        ],
        axes: [{}, { size: 44 }],
      },
      data,
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: width(), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [series, labels]);
  return <div className="report-chart" ref={box} role="img" aria-label={title} data-testid="report-chart" />;
}
