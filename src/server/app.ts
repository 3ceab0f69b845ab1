import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import './http/types.js';
import type { AppContext } from './context.js';
import { handleError } from './http/errors.js';
import { OneLinePerRequest } from './http/request-log.js';
import { installValidationMessages } from './http/validation-messages.js';
import { installAuthHooks } from './http/auth-hooks.js';
import { registerWebApp } from './http/web-app.js';
import { healthRoutes } from './platform/health-routes.js';
import { identityRoutes } from './identity/routes.js';
import { tokenRoutes } from './identity/token-routes.js';
import { invitationRoutes } from './identity/invitation-routes.js';
import { peopleRoutes } from './people/routes.js';
import { importRoutes } from './people/import-routes.js';
import { teamRoutes } from './org/team-routes.js';
import { orgChartRoutes } from './org/chart-routes.js';
import { auditRoutes } from './audit/routes.js';
import { outboxRoutes } from './notify/routes.js';
import { frameworkRoutes } from './framework/routes.js';
import { libraryRoutes } from './content/library-routes.js';
import { packRoutes } from './content/pack-routes.js';
import { learningRoutes, unsubscribePages } from './learning/routes/index.js';
import { webhookDeliveryRoutes } from './notify/webhook-routes.js';
import { inAppRoutes } from './notify/in-app-routes.js';
import { incidentRoutes } from './toolkit/escalations/incidents/routes.js';
import { incidentPublicRoutes } from './toolkit/escalations/incidents/public-routes.js';
import { incidentSettingsRoutes } from './toolkit/escalations/incidents/settings-routes.js';
import { binderBuildRoutes } from './toolkit/escalations/binder/build-routes.js';
import { procedureRoutes } from './toolkit/escalations/binder/procedure-routes.js';
import { binderReadRoutes } from './toolkit/escalations/binder/binder-routes.js';
import { itemRoutes } from './assess/items/routes.js';
import { itemImportRoutes } from './assess/items/import-routes.js';
import { itemAnalysisRoutes } from './assess/analysis/routes.js';
import { examRoutes } from './assess/exams/exam-routes.js';
import { attemptRoutes } from './assess/exams/attempt-routes.js';
import { certifyPublicRoutes } from './certify/public-routes.js';
import { credentialRoutes } from './certify/credential-routes.js';
import { programRoutes } from './certify/program-routes.js';
import { evidenceRoutes } from './certify/evidence-routes.js';
import { teamRoutes as certifyTeamRoutes } from './certify/team-routes.js';
import { registerVerifyPage } from './certify/verify-page.js';

export interface BuiltApp {
  app: FastifyInstance;
  /** Every registered route with its access rule, for the authorisation walk test and docs. */
  routes: { method: string; url: string; access: string | undefined }[];
}

export const API_PREFIX = '/api/v1';

export async function buildApp(ctx: AppContext): Promise<BuiltApp> {
  installValidationMessages();
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: ctx.config.trustProxy,
    return503OnClosing: true,
    logController: new OneLinePerRequest(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  const routes: BuiltApp['routes'] = [];
  app.addHook('onRoute', (route) => {
    const url = route.url;
    const needsRule = url.startsWith('/api/v1') || url === '/healthz' || url === '/readyz';
    const access = route.config?.access;
    if (needsRule && !access) throw new Error(`Route ${route.method} ${url} has no access rule`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url, access });
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: ctx.config.secureCookies,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Milewide API',
        version: '1',
        description: 'Career path, manager toolkit and bench strength for IT organisations. Authenticate with the session cookie or `Authorization: Bearer <API token>`.',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'mw_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    // Each operation states who may call it, straight from its access rule.
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const access = input.route.config?.access;
      if (access) {
        const schema = out.schema as Record<string, unknown>;
        schema['x-access'] = access;
        if (access === 'public') schema.security = [];
        else if (access !== 'signed-in') schema.description = `Requires the \`${access}\` permission.`;
      }
      return out;
    },
  });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  // Served on plain http in the quick start, so the docs page must not ask to upgrade to https.
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?/, '').replace("style-src 'self' https:", "style-src 'self' 'unsafe-inline'") });

  installAuthHooks(app, ctx);

  await app.register(healthRoutes(ctx));
  await app.register(
    async (api) => {
      await api.register(identityRoutes(ctx));
      await api.register(tokenRoutes(ctx));
      await api.register(invitationRoutes(ctx));
      await api.register(peopleRoutes(ctx));
      await api.register(importRoutes(ctx));
      await api.register(teamRoutes(ctx));
      await api.register(orgChartRoutes(ctx));
      await api.register(auditRoutes(ctx));
      await api.register(outboxRoutes(ctx));
      await api.register(frameworkRoutes(ctx));
      await api.register(libraryRoutes(ctx));
      await api.register(packRoutes(ctx));
      await api.register(learningRoutes(ctx));
      await api.register(webhookDeliveryRoutes(ctx));
      await api.register(inAppRoutes(ctx));
      await api.register(incidentRoutes(ctx));
      await api.register(incidentPublicRoutes(ctx));
      await api.register(incidentSettingsRoutes(ctx));
      await api.register(binderBuildRoutes(ctx));
      await api.register(procedureRoutes(ctx));
      await api.register(binderReadRoutes(ctx));
      await api.register(itemRoutes(ctx));
      await api.register(itemImportRoutes(ctx));
      await api.register(itemAnalysisRoutes(ctx));
      await api.register(examRoutes(ctx));
      await api.register(attemptRoutes(ctx));
      await api.register(certifyPublicRoutes(ctx));
      await api.register(credentialRoutes(ctx));
      await api.register(programRoutes(ctx));
      await api.register(evidenceRoutes(ctx));
      await api.register(certifyTeamRoutes(ctx));
    },
    { prefix: API_PREFIX },
  );

  await app.register(unsubscribePages(ctx));
  registerVerifyPage(app, ctx);
  await registerWebApp(app, ctx.config.webDir);
  return { app, routes };
}
