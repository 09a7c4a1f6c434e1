import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';

/**
 * [RP8] The busiest hours: requests by local weekday (Monday first) and hour as a table whose
 * cells are shaded by count; every cell names its count for screen readers and on hover.
 */
export function HeatMap({ heatMap }: { heatMap: number[][] }) {
  const { t } = useT();
  const max = Math.max(1, ...heatMap.flat());
  return (
    <table className="heat-map" data-testid="report-heatmap">
      <caption className="sr-only">{t('reports.heatMap')}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">{t('reports.heatMap.hour')}</span>
          </th>
          {Array.from({ length: 24 }, (_, hour) => (
            <th scope="col" key={hour}>
              {hour}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {heatMap.map((hours, day) => (
          <tr key={day}>
            <th scope="row">{t(`reports.weekday.${day}` as MessageKey)}</th>
            {hours.map((count, hour) => (
              <td
                key={hour}
                data-count={count}
                title={t('reports.heatMap.cell', { count })}
                style={{ background: count === 0 ? '#f3f4f6' : `rgba(36, 86, 166, ${0.15 + (0.85 * count) / max})` }}
              >
                {count}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
