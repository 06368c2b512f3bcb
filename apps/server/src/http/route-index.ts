import type { FastifySchema, RouteOptions } from 'fastify';

/** One registered route, as the OpenAPI document and the 405 handler need it. */
export interface IndexedRoute {
  readonly method: string;
  /** Fastify path, `:param` style. */
  readonly url: string;
  readonly schema: FastifySchema | undefined;
  readonly pattern: RegExp;
}

const toPattern = (url: string): RegExp =>
  new RegExp(`^${url.split('/').map((part) =>
    part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('/')}/?$`);

/**
 * Every route the app registers (filled from Fastify's onRoute hook). Fastify answers 404 for a
 * known path with an unknown method; this index lets the not-found handler answer 405 with `Allow`.
 */
export class RouteIndex {
  private readonly routes: IndexedRoute[] = [];

  add(route: RouteOptions): void {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD routes are Fastify's automatic twins of GET; they add nothing to the document.
      if (method === 'HEAD') continue;
      this.routes.push({ method, url: route.url, schema: route.schema, pattern: toPattern(route.url) });
    }
  }

  all(): readonly IndexedRoute[] {
    return this.routes;
  }

  /** Methods registered for a concrete path, empty when the path is unknown. */
  methodsFor(path: string): string[] {
    const bare = path.split('?')[0] ?? path;
    return [...new Set(this.routes.filter((r) => r.pattern.test(bare)).map((r) => r.method))].sort();
  }
}
