import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { RouteContext } from '../app.js';
import { ApiError } from '../errors.js';
import { ErrorResponse } from './error-response.js';
import { uiMapRoute } from './ui-map-route.js';

/** Environment variable naming the directory of the built web UI (index.html and assets/). */
export const WEB_DIR_ENV = 'SERVICEMAP_WEB_DIR';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** A flat asset name: no directories, no dot files, so no path can leave the asset directory. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * The built UI sits next to the running bundle (`dist/web/` beside `servicemap.mjs`, where
 * scripts/build.mjs puts it; the server code may run from `dist/chunks/`) unless the environment
 * names another directory.
 */
export function webDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const named = env[WEB_DIR_ENV];
  if (named !== undefined) return named;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'web'), join(here, '..', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

async function readAsset(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new ApiError('NotFound', `No UI file ${path.split('/').pop() ?? ''}; is the web UI built (npm run build)?`);
  }
}

/**
 * The web UI on the server's own port: `GET /` is the page (the view lives in its query string,
 * so every shared URL lands here), `GET /assets/{file}` its scripts and styles. Both are open:
 * the page holds no data, and every API call it makes carries the user's bearer token. API
 * routes keep their paths; these two are the only ones the UI adds besides its map route.
 */
export function uiRoutes(scope: FastifyInstance, context: RouteContext): void {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const dir = webDirectory();
  app.get('/', {
    schema: { summary: 'The web UI', tags: ['ui'], response: { 200: Type.Unknown({ description: 'HTML' }), 404: ErrorResponse } },
  }, async (_request, reply) => {
    const page = await readAsset(join(dir, 'index.html'));
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });
  app.get('/assets/:file', {
    schema: {
      summary: 'A web UI asset', tags: ['ui'],
      params: Type.Object({ file: Type.String({ pattern: ASSET_NAME.source, maxLength: 200 }) }),
      response: { 200: Type.Unknown({ description: 'Script, style or font' }), 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const { file } = request.params;
    const type = CONTENT_TYPES[extname(file)];
    if (type === undefined) throw new ApiError('NotFound', `No UI file ${file}.`);
    const body = await readAsset(join(dir, 'assets', file));
    return reply.type(type).header('cache-control', 'no-cache').send(body);
  });
  uiMapRoute(scope, context);
}
