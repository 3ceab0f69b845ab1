import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context.js';
import { playerRoutes } from './player-routes.js';
import { pathRoutes } from './path-routes.js';
import { learningAdminRoutes } from './admin-routes.js';
import { tipRoutes } from './tip-routes.js';
import { guideRoutes } from './guide-routes.js';
import { installContentHooks } from '../content-hooks.js';
import { recordKnowledgeCheckAnswers } from '../player/answers.js';

export { unsubscribePages } from './unsubscribe-page.js';

/** Every /api/v1/learn route of the learning module (player, paths, admin, tips, guides). */
export function learningRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  installContentHooks();
  recordKnowledgeCheckAnswers(ctx);
  return async (app) => {
    await app.register(playerRoutes(ctx));
    await app.register(pathRoutes(ctx));
    await app.register(learningAdminRoutes(ctx));
    await app.register(tipRoutes(ctx));
    await app.register(guideRoutes(ctx));
  };
}
