import type { FastifyInstance } from 'fastify';
import { ReportQuery, ReportSettingsBody, type ReportView } from '@parley/protocol';
import { reportCsv } from '../../../domain/reports/csv.ts';
import { translatorFor } from '../../translators.ts';
import type { Services } from '../../services.ts';
import { parse } from '../errors.ts';
import { requireConsultant } from './auth.ts';

/**
 * [RP6]–[RP9] Reports for supervisors and admins: the numbers as JSON for the console, the same
 * numbers as CSV, and the tenant's report time zone.
 */
export function registerReportRoutes(app: FastifyInstance, services: Services): void {
  app.get('/api/v1/reports', async (request): Promise<ReportView> => {
    const consultant = await requireConsultant(services, request);
    return services.reports.report(consultant, parse(ReportQuery, request.query));
  });

  app.get('/api/v1/reports.csv', async (request, reply) => {
    const consultant = await requireConsultant(services, request);
    const query = parse(ReportQuery, request.query);
    const report = await services.reports.report(consultant, query);
    const t = translatorFor(query.locale ?? 'en');
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="parley-report-${query.from}-${query.to}.csv"`);
    return reportCsv(report, (key, values) => t(key as Parameters<typeof t>[0], values));
  });

  app.get('/api/v1/reports/settings', async (request): Promise<ReportSettingsBody> => {
    const consultant = await requireConsultant(services, request);
    return { timeZone: await services.reports.timeZone(consultant.tenantId) };
  });

  app.put('/api/v1/reports/settings', async (request): Promise<ReportSettingsBody> => {
    const consultant = await requireConsultant(services, request);
    const body = parse(ReportSettingsBody, request.body);
    await services.reports.setTimeZone(consultant, body.timeZone);
    return body;
  });
}
