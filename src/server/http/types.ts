import type { Access, Actor } from '../access/policy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Required on every /api and health route. */
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export {};
