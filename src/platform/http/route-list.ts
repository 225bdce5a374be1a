/**
 * @module platform/http/route-list
 * Every route of the platform, by area. The authorization matrix test enumerates what the server registered
 * from this list and fails on any route it does not cover.
 */
import { accountRoutes } from './routes/accounts.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { engagementRoutes } from './routes/engagements.js';
import { engagementPageRoutes } from './routes/engagement-pages.js';
import { engagementRemediationRoutes } from './routes/engagement-remediation.js';
import { engagementReportRoutes } from './routes/engagement-report.js';
import { engagementReviewRoutes } from './routes/engagement-review.js';
import { engagementReviewPageRoutes } from './routes/engagement-review-pages.js';
import { engagementRowPageRoutes } from './routes/engagement-row-pages.js';
import { engagementFindingsPageRoutes } from './routes/engagement-findings-pages.js';
import { engagementTestRoutes } from './routes/engagement-tests.js';
import { findingsRoutes } from './routes/findings.js';
import { languageRoutes } from './routes/language.js';
import { providerRoutes } from './routes/providers.js';
import { scansRoutes } from './routes/scans.js';
import { settingsRoutes } from './routes/settings.js';
import { trainingRoutes } from './routes/training.js';
import { complianceRoutes } from './routes/compliance.js';
import { resilienceRoutes } from './routes/resilience.js';
import { sharingRoutes } from './routes/sharing.js';
import { benchmarkRoutes } from './routes/benchmarks.js';
import { libraryRoutes } from './routes/library.js';
import { campaignRoutes } from './routes/campaigns.js';
import { usersRoutes } from './routes/users.js';
import { ussdRoutes } from './routes/ussd.js';
import type { AnyRoute } from './routes.js';

export const ALL_ROUTES: readonly AnyRoute[] = [...accountRoutes, ...languageRoutes, ...dashboardRoutes, ...providerRoutes, ...scansRoutes, ...ussdRoutes, ...findingsRoutes, ...engagementRoutes, ...engagementTestRoutes, ...engagementReviewRoutes, ...engagementRemediationRoutes, ...engagementReportRoutes, ...engagementPageRoutes, ...engagementRowPageRoutes, ...engagementReviewPageRoutes, ...engagementFindingsPageRoutes, ...trainingRoutes, ...complianceRoutes, ...resilienceRoutes, ...sharingRoutes, ...benchmarkRoutes, ...libraryRoutes, ...campaignRoutes, ...usersRoutes, ...settingsRoutes];
