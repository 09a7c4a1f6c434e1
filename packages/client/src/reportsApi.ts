import type { ReportQuery, ReportSettingsBody, ReportView } from '@parley/protocol';
import { api } from './http.ts';

/** The query string of a report request (only the fields set). */
export function reportSearch(query: Partial<ReportQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (typeof value === 'string' && value !== '') params.set(key, value);
  return params.toString();
}

/** [RP6]–[RP9] Reports over REST for supervisors and admins, typed by @parley/protocol. */
export class ReportsApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  report(query: ReportQuery): Promise<ReportView> {
    return api(this.baseUrl, `/api/v1/reports?${reportSearch(query)}`, {}, this.fetchImpl);
  }

  /** Where the browser downloads the same report as CSV (the session cookie goes along). */
  csvUrl(query: ReportQuery): string {
    return `${this.baseUrl}/api/v1/reports.csv?${reportSearch(query)}`;
  }

  settings(): Promise<ReportSettingsBody> {
    return api(this.baseUrl, '/api/v1/reports/settings', {}, this.fetchImpl);
  }

  setTimeZone(timeZone: string): Promise<ReportSettingsBody> {
    return api(
      this.baseUrl,
      '/api/v1/reports/settings',
      { method: 'PUT', body: JSON.stringify({ timeZone }) },
      this.fetchImpl,
    );
  }
}
