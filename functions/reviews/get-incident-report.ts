import { api } from '#shared/http/api.ts';
import { renderReportMarkdown } from '#shared/domain/reviews/report.ts';
import { IncidentIdParams } from '#shared/schemas/incident.ts';
import { ReportQuery } from '#shared/schemas/review.ts';
import { getReport } from '#shared/use-cases/reviews/get-report.ts';
import { reportDeps } from '#shared/use-cases/reviews/report-deps.ts';
import { wantsMarkdown } from '#shared/http/report-http.ts';

export const handler = api('getIncidentReport', { params: IncidentIdParams, query: ReportQuery }, async ({ params, query, headers }) => {
  const report = await getReport(reportDeps, params.id);
  const vary = { vary: 'accept', 'cache-control': 'no-store' };
  if (wantsMarkdown(query.format, headers.accept)) return { status: 200, text: renderReportMarkdown(report), contentType: 'text/markdown; charset=utf-8', headers: vary };
  return { status: 200, body: report, headers: vary };
});
