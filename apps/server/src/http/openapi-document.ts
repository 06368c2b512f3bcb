import type { FastifySchema } from 'fastify';
import type { IndexedRoute } from './route-index.js';

type JsonSchema = Record<string, unknown>;

declare module 'fastify' {
  interface FastifySchema {
    /** One line for the OpenAPI operation. */
    summary?: string;
    /** The OpenAPI operationId; Service Map routes carry Azure's (`Machines_Get`), so clients generated from either document match. */
    operationId?: string;
    description?: string;
    tags?: readonly string[];
  }
}

/** An OpenAPI 3.1 document (JSON Schema 2020-12 compatible, so TypeBox schemas drop in as they are). */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: Record<string, unknown>;
}

/** A schema as plain JSON (TypeBox adds symbol-keyed metadata that JSON drops). */
const plain = (schema: unknown): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

function parameters(where: 'path' | 'query' | 'header', schema: unknown): unknown[] {
  if (schema === undefined) return [];
  const s = plain(schema);
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name, in: where, required: where === 'path' || required.has(name), schema: property,
  }));
}

function responses(schema: FastifySchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, body] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
    const s = plain(body);
    out[status.toUpperCase()] = {
      description: typeof s.description === 'string' ? s.description : `HTTP ${status}`,
      content: { 'application/json': { schema: s } },
    };
  }
  if (Object.keys(out).length === 0) out.default = { description: 'Response' };
  return out;
}

function operation(route: IndexedRoute): Record<string, unknown> {
  const schema: FastifySchema = route.schema ?? {};
  const op: Record<string, unknown> = {
    ...(schema.operationId === undefined ? {} : { operationId: schema.operationId }),
    ...(schema.summary === undefined ? {} : { summary: schema.summary }),
    ...(schema.description === undefined ? {} : { description: schema.description }),
    ...(schema.tags === undefined ? {} : { tags: schema.tags }),
    parameters: [
      ...parameters('path', schema.params),
      ...parameters('query', schema.querystring),
      ...parameters('header', schema.headers),
    ],
    responses: responses(schema),
  };
  if (schema.body !== undefined) {
    op.requestBody = { required: true, content: { 'application/json': { schema: plain(schema.body) } } };
  }
  return op;
}

/** Builds the document from the registered routes' schemas: the one source of truth. */
export function buildOpenApiDocument(routes: readonly IndexedRoute[], version: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Servicemap server', version },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        agentKey: { type: 'apiKey', in: 'header', name: 'x-servicemap-agent-key' },
      },
    },
  };
}
