import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import { AdminAuditPage, type AuditSearch } from './admin/AdminAuditPage';
import { AdminImportPage } from './admin/AdminImportPage';
import { AdminInboundWebhookPage } from './admin/AdminInboundWebhookPage';
import { AdminIndexPage } from './admin/AdminIndexPage';
import { AdminInvitationsPage } from './admin/AdminInvitationsPage';
import { AdminOutboxPage } from './admin/AdminOutboxPage';
import { AdminPeoplePage } from './admin/AdminPeoplePage';
import { AdminTeamsPage } from './admin/AdminTeamsPage';
import { AdminWebhooksPage } from './admin/AdminWebhooksPage';
import { meQuery, setupQuery } from './api/identity';
import { ExamsPage } from './assess/ExamsPage';
import { ExamStartPage } from './assess/taking/ExamStartPage';
import { ResultPage } from './assess/taking/ResultPage';
import { SittingPage } from './assess/taking/SittingPage';
import { ItemAnalysisPage } from './assess/analysis/ItemAnalysisPage';
import { ExamAdminPage } from './assess/authoring/ExamAdminPage';
import { ExamNewPage } from './assess/authoring/ExamNewPage';
import { ExamsAdminPage } from './assess/authoring/ExamsAdminPage';
import { ImportPage as ItemImportPage } from './assess/authoring/ImportPage';
import { ItemBankPage, type ItemsSearch } from './assess/authoring/ItemBankPage';
import { ItemNewPage } from './assess/authoring/ItemNewPage';
import { ItemPage } from './assess/authoring/ItemPage';
import { ScenarioPage } from './assess/authoring/ScenarioPage';
import { ScenariosPage } from './assess/authoring/ScenariosPage';
import { AdminCertificationPage } from './certify/AdminCertificationPage';
import { CertificationPage } from './certify/CertificationPage';
import { CredentialsPage } from './certify/CredentialsPage';
import { ProgramPage } from './certify/ProgramPage';
import { ReviewQueuePage } from './certify/ReviewQueuePage';
import { TeamPage as CertifyTeamPage } from './certify/TeamPage';
import { ForgotPasswordPage } from './identity/ForgotPasswordPage';
import { InvitePage } from './identity/InvitePage';
import { ProfilePage } from './identity/ProfilePage';
import { ResetPasswordPage } from './identity/ResetPasswordPage';
import { SetupPage } from './identity/SetupPage';
import { SignInPage } from './identity/SignInPage';
import { TokensPage } from './identity/TokensPage';
import { AppLayout } from './layout/AppLayout';
import { ErrorPage, NotFoundPage } from './layout/NotFound';
import { Loading } from './ui/Spinner';
import { AdminContentPacksPage } from './admin/AdminContentPacksPage';
import { AdminFrameworkPage } from './admin/AdminFrameworkPage';
import { AdminLearningRecordsPage } from './admin/AdminLearningRecordsPage';
import { LearnHomePage } from './learn/LearnHomePage';
import { LessonPage } from './learn/LessonPage';
import { LibraryPage, type LibrarySearch } from './learn/LibraryPage';
import { MyLearningPage } from './learn/MyLearningPage';
import { PathPage } from './learn/PathPage';
import { PathsPage } from './learn/PathsPage';
import { TeamProgressPage, type TeamSearch } from './learn/TeamProgressPage';
import { UnsubscribePage } from './learn/UnsubscribePage';
import { HomePage } from './org/HomePage';
import { OrgChartPage } from './org/OrgChartPage';
import { PeoplePage, type PeopleSearch } from './org/PeoplePage';
import { PersonPage } from './org/PersonPage';
import { TeamsPage } from './org/TeamsPage';
import { BinderPage } from './toolkit/escalations/BinderPage';
import { ProcedurePage } from './toolkit/escalations/ProcedurePage';
import { PublishedBinderPage } from './toolkit/escalations/PublishedBinderPage';
import { PublishedProcedurePage } from './toolkit/escalations/PublishedProcedurePage';
import { AcknowledgePage } from './toolkit/incidents/AcknowledgePage';
import { IncidentPage } from './toolkit/incidents/IncidentPage';
import { IncidentsPage, type IncidentsSearch } from './toolkit/incidents/IncidentsPage';
import { ToolkitPage } from './toolkit/ToolkitPage';

export interface RouterContext {
  queryClient: QueryClient;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: ({ error }) => <ErrorPage error={error} />,
});

// ---- Signed-out pages ----

const setupRoute = createRoute({ getParentRoute: () => rootRoute, path: '/setup', component: SetupPage });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (s: Record<string, unknown>): { redirect?: string; signedOut?: string; reset?: string } => ({
    redirect: str(s.redirect),
    signedOut: str(s.signedOut),
    reset: str(s.reset),
  }),
  beforeLoad: async ({ context, search }) => {
    // Already signed in: skip the form.
    const me = await context.queryClient.ensureQueryData(meQuery).catch(() => null);
    if (me && !search.signedOut) throw redirect({ to: '/' });
  },
  component: function SignInRoute() {
    const search = signInRoute.useSearch();
    return <SignInPage redirect={search.redirect} signedOut={search.signedOut} reset={search.reset} />;
  },
});

const forgotRoute = createRoute({ getParentRoute: () => rootRoute, path: '/forgot-password', component: ForgotPasswordPage });

const tokenSearch = (s: Record<string, unknown>): { token?: string } => ({ token: str(s.token) });

const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: tokenSearch,
  component: function ResetRoute() {
    return <ResetPasswordPage token={resetRoute.useSearch().token ?? ''} />;
  },
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite',
  validateSearch: tokenSearch,
  component: function InviteRoute() {
    return <InvitePage token={inviteRoute.useSearch().token ?? ''} />;
  },
});

const unsubscribeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/unsubscribe',
  validateSearch: tokenSearch,
  component: function UnsubscribeRoute() {
    return <UnsubscribePage token={unsubscribeRoute.useSearch().token ?? ''} />;
  },
});

// The signed link in an incident e-mail: acknowledging needs no sign-in.
const acknowledgeRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/acknowledge',
  validateSearch: (s: Record<string, unknown>): { incident?: string; r?: string; t?: string } => ({ incident: str(s.incident), r: str(s.r), t: str(s.t) }),
  component: function AcknowledgeRoute() {
    const { incident, r, t } = acknowledgeRoute.useSearch();
    return <AcknowledgePage link={{ incident: incident ?? '', r: r ?? '', t: t ?? '' }} />;
  },
});

// ---- Signed-in app ----

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQuery);
    if (me) return;
    const setup = await context.queryClient.ensureQueryData(setupQuery).catch(() => ({ needed: false }));
    if (setup.needed) throw redirect({ to: '/setup' });
    const here = location.href;
    throw redirect({ to: '/sign-in', search: { redirect: here === '/' ? undefined : here } });
  },
  component: AppLayout,
  errorComponent: ({ error }) => <ErrorPage error={error} />,
});

const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomePage });
const learnRoute = createRoute({ getParentRoute: () => appRoute, path: '/learn', component: LearnHomePage });
const libraryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/learn/library',
  validateSearch: (s: Record<string, unknown>): LibrarySearch => ({ q: str(s.q), stage: str(s.stage), level: str(s.level), competency: str(s.competency), offset: int(s.offset) }),
  component: function LibraryRoute() {
    return <LibraryPage search={libraryRoute.useSearch()} />;
  },
});
const lessonRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/learn/lessons/$lessonKey',
  validateSearch: (s: Record<string, unknown>): { path?: string } => ({ path: str(s.path) }),
  component: function LessonRoute() {
    const { lessonKey } = lessonRoute.useParams();
    const { path } = lessonRoute.useSearch();
    return <LessonPage key={`${lessonKey}/${path ?? ''}`} lessonKey={lessonKey} pathKey={path} />;
  },
});
const pathsRoute = createRoute({ getParentRoute: () => appRoute, path: '/learn/paths', component: PathsPage });
const pathRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/learn/paths/$pathKey',
  component: function PathRoute() {
    const { pathKey } = pathRoute.useParams();
    return <PathPage key={pathKey} pathKey={pathKey} />;
  },
});
const myLearningRoute = createRoute({ getParentRoute: () => appRoute, path: '/learn/my', component: MyLearningPage });
const teamLearningRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/learn/team',
  validateSearch: (s: Record<string, unknown>): TeamSearch => ({ teamId: str(s.teamId), pathKey: str(s.pathKey), status: str(s.status), offset: int(s.offset) }),
  component: function TeamLearningRoute() {
    return <TeamProgressPage search={teamLearningRoute.useSearch()} />;
  },
});
const examsRoute = createRoute({ getParentRoute: () => appRoute, path: '/exams', component: ExamsPage });
const examStartRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/exams/$examId',
  component: function ExamStartRoute() {
    const { examId } = examStartRoute.useParams();
    return <ExamStartPage key={examId} examId={examId} />;
  },
});
const examSittingRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/exam-attempts/$attemptId',
  validateSearch: (s: Record<string, unknown>): { q?: number } => ({ q: int(s.q) }),
  component: function ExamSittingRoute() {
    const { attemptId } = examSittingRoute.useParams();
    return <SittingPage key={attemptId} attemptId={attemptId} q={examSittingRoute.useSearch().q} />;
  },
});
const examResultRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/exam-attempts/$attemptId/result',
  component: function ExamResultRoute() {
    const { attemptId } = examResultRoute.useParams();
    return <ResultPage key={attemptId} attemptId={attemptId} />;
  },
});
// ---- Item bank and exam definitions (authors and administrators) ----
const authoringRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring',
  beforeLoad: () => {
    throw redirect({ to: '/authoring/items' });
  },
});
const authoringItemsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring/items',
  validateSearch: (s: Record<string, unknown>): ItemsSearch => ({
    bankKey: str(s.bankKey),
    competency: str(s.competency),
    kind: str(s.kind),
    status: str(s.status),
    // A typed-in address such as ?q=2026 arrives as a number.
    q: typeof s.q === 'number' ? String(s.q) : str(s.q),
    offset: int(s.offset),
  }),
  component: function AuthoringItemsRoute() {
    return <ItemBankPage search={authoringItemsRoute.useSearch()} />;
  },
});
const authoringItemNewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring/items/new',
  validateSearch: (s: Record<string, unknown>): { bankKey?: string; scenarioId?: string } => ({ bankKey: str(s.bankKey), scenarioId: str(s.scenarioId) }),
  component: function AuthoringItemNewRoute() {
    const { bankKey, scenarioId } = authoringItemNewRoute.useSearch();
    return <ItemNewPage key={`${bankKey ?? ''}/${scenarioId ?? ''}`} bankKey={bankKey} scenarioId={scenarioId} />;
  },
});
const authoringItemRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring/items/$id',
  component: function AuthoringItemRoute() {
    const { id } = authoringItemRoute.useParams();
    return <ItemPage key={id} id={id} />;
  },
});
const authoringScenariosRoute = createRoute({ getParentRoute: () => appRoute, path: '/authoring/scenarios', component: ScenariosPage });
const authoringScenarioRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring/scenarios/$id',
  component: function AuthoringScenarioRoute() {
    const { id } = authoringScenarioRoute.useParams();
    return <ScenarioPage key={id} id={id} />;
  },
});
const authoringImportRoute = createRoute({ getParentRoute: () => appRoute, path: '/authoring/import', component: ItemImportPage });
const authoringExamsRoute = createRoute({ getParentRoute: () => appRoute, path: '/authoring/exams', component: ExamsAdminPage });
const authoringExamNewRoute = createRoute({ getParentRoute: () => appRoute, path: '/authoring/exams/new', component: ExamNewPage });
const authoringExamRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring/exams/$id',
  component: function AuthoringExamRoute() {
    const { id } = authoringExamRoute.useParams();
    return <ExamAdminPage key={id} id={id} />;
  },
});
const authoringAnalysisRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/authoring/exams/$id/analysis',
  component: function AuthoringAnalysisRoute() {
    const { id } = authoringAnalysisRoute.useParams();
    return <ItemAnalysisPage key={id} examId={id} />;
  },
});
const certificationRoute = createRoute({ getParentRoute: () => appRoute, path: '/certification', component: CertificationPage });
const certificationProgramRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/certification/programs/$id',
  component: function CertificationProgramRoute() {
    const { id } = certificationProgramRoute.useParams();
    return <ProgramPage key={id} id={id} />;
  },
});
const certificationCredentialsRoute = createRoute({ getParentRoute: () => appRoute, path: '/certification/credentials', component: CredentialsPage });
const certificationTeamRoute = createRoute({ getParentRoute: () => appRoute, path: '/certification/team', component: CertifyTeamPage });
const certificationReviewRoute = createRoute({ getParentRoute: () => appRoute, path: '/certification/review', component: ReviewQueuePage });
const toolkitRoute = createRoute({ getParentRoute: () => appRoute, path: '/toolkit', component: ToolkitPage });
const binderRoute = createRoute({ getParentRoute: () => appRoute, path: '/toolkit/escalations', component: BinderPage });
const publishedBinderRoute = createRoute({ getParentRoute: () => appRoute, path: '/toolkit/escalations/binder', component: PublishedBinderPage });
const publishedProcedureRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/toolkit/escalations/binder/$id',
  component: function PublishedProcedureRoute() {
    const { id } = publishedProcedureRoute.useParams();
    return <PublishedProcedurePage key={id} id={id} />;
  },
});
const procedureRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/toolkit/escalations/procedures/$id',
  component: function ProcedureRoute() {
    const { id } = procedureRoute.useParams();
    return <ProcedurePage key={id} id={id} />;
  },
});
const incidentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/incidents',
  validateSearch: (s: Record<string, unknown>): IncidentsSearch => ({
    filter: s.filter === 'resolved' || s.filter === 'all' || s.filter === 'open' ? s.filter : undefined,
    offset: int(s.offset),
    q: str(s.q),
  }),
  component: function IncidentsRoute() {
    return <IncidentsPage search={incidentsRoute.useSearch()} />;
  },
});
const incidentRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/incidents/$id',
  component: function IncidentRoute() {
    const { id } = incidentRoute.useParams();
    return <IncidentPage key={id} id={id} />;
  },
});
const profileRoute = createRoute({ getParentRoute: () => appRoute, path: '/profile', component: ProfilePage });
const tokensRoute = createRoute({ getParentRoute: () => appRoute, path: '/tokens', component: TokensPage });

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people',
  validateSearch: (s: Record<string, unknown>): PeopleSearch => ({ q: str(s.q), teamId: str(s.teamId), offset: int(s.offset) }),
  component: function PeopleRoute() {
    return <PeoplePage search={peopleRoute.useSearch()} />;
  },
});

const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/people/$id',
  component: function PersonRoute() {
    const { id } = personRoute.useParams();
    return <PersonPage key={id} id={id} />;
  },
});

const orgChartRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/org-chart',
  validateSearch: (s: Record<string, unknown>): { teamId?: string } => ({ teamId: str(s.teamId) }),
  component: function OrgChartRoute() {
    return <OrgChartPage teamId={orgChartRoute.useSearch().teamId} />;
  },
});

const teamsRoute = createRoute({ getParentRoute: () => appRoute, path: '/teams', component: TeamsPage });

// ---- Admin ----

const adminRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin',
  component: Outlet,
});

const adminIndexRoute = createRoute({ getParentRoute: () => adminRoute, path: '/', component: AdminIndexPage });
const adminPeopleRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/people',
  validateSearch: (s: Record<string, unknown>): PeopleSearch => ({ q: str(s.q), teamId: str(s.teamId), offset: int(s.offset) }),
  component: function AdminPeopleRoute() {
    return <AdminPeoplePage search={adminPeopleRoute.useSearch()} />;
  },
});
const adminTeamsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/teams', component: AdminTeamsPage });
const adminInvitationsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/invitations', component: AdminInvitationsPage });
const adminImportRoute = createRoute({ getParentRoute: () => adminRoute, path: '/import', component: AdminImportPage });
const adminContentPacksRoute = createRoute({ getParentRoute: () => adminRoute, path: '/content-packs', component: AdminContentPacksPage });
const adminFrameworkRoute = createRoute({ getParentRoute: () => adminRoute, path: '/framework', component: AdminFrameworkPage });
const adminLearningRecordsRoute = createRoute({ getParentRoute: () => adminRoute, path: '/learning-records', component: AdminLearningRecordsPage });
const adminOutboxRoute = createRoute({ getParentRoute: () => adminRoute, path: '/outbox', component: AdminOutboxPage });
const adminWebhooksRoute = createRoute({ getParentRoute: () => adminRoute, path: '/webhooks', component: AdminWebhooksPage });
const adminInboundWebhookRoute = createRoute({ getParentRoute: () => adminRoute, path: '/inbound-webhook', component: AdminInboundWebhookPage });
const adminCertificationRoute = createRoute({ getParentRoute: () => adminRoute, path: '/certification', component: AdminCertificationPage });
const adminAuditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/audit',
  validateSearch: (s: Record<string, unknown>): AuditSearch => ({
    action: str(s.action),
    entityType: str(s.entityType),
    from: str(s.from),
    to: str(s.to),
    offset: int(s.offset),
  }),
  component: function AdminAuditRoute() {
    return <AdminAuditPage search={adminAuditRoute.useSearch()} />;
  },
});

const routeTree = rootRoute.addChildren([
  setupRoute,
  signInRoute,
  forgotRoute,
  resetRoute,
  inviteRoute,
  unsubscribeRoute,
  acknowledgeRoute,
  appRoute.addChildren([
    homeRoute,
    learnRoute,
    libraryRoute,
    lessonRoute,
    pathsRoute,
    pathRoute,
    myLearningRoute,
    teamLearningRoute,
    examsRoute,
    examStartRoute,
    examSittingRoute,
    examResultRoute,
    authoringRoute,
    authoringItemsRoute,
    authoringItemNewRoute,
    authoringItemRoute,
    authoringScenariosRoute,
    authoringScenarioRoute,
    authoringImportRoute,
    authoringExamsRoute,
    authoringExamNewRoute,
    authoringExamRoute,
    authoringAnalysisRoute,
    certificationRoute,
    certificationProgramRoute,
    certificationCredentialsRoute,
    certificationTeamRoute,
    certificationReviewRoute,
    toolkitRoute,
    binderRoute,
    publishedBinderRoute,
    publishedProcedureRoute,
    procedureRoute,
    incidentsRoute,
    incidentRoute,
    profileRoute,
    tokensRoute,
    peopleRoute,
    personRoute,
    orgChartRoute,
    teamsRoute,
    adminRoute.addChildren([
      adminIndexRoute,
      adminPeopleRoute,
      adminTeamsRoute,
      adminInvitationsRoute,
      adminImportRoute,
      adminContentPacksRoute,
      adminFrameworkRoute,
      adminLearningRecordsRoute,
      adminOutboxRoute,
      adminWebhooksRoute,
      adminInboundWebhookRoute,
      adminAuditRoute,
      adminCertificationRoute,
    ]),
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
    defaultNotFoundComponent: NotFoundPage,
    // Shown only when a page takes longer than a moment to start (e.g. the first session check).
    defaultPendingComponent: () => <Loading />,
    defaultPendingMs: 400,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
