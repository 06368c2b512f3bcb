import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import {
  MachineGroupMapRequest,
  MachineListMapRequest,
  SingleMachineDependencyMapRequest,
} from '@servicemap/protocol';
import { strictValidatorCompiler } from '../strict-validator.js';

const VARIANTS: Readonly<Record<string, TSchema>> = {
  'map:single-machine-dependency': SingleMachineDependencyMapRequest,
  'map:machine-group-dependency': MachineGroupMapRequest,
  'map:machine-list-dependency': MachineListMapRequest,
};

const compiled = new Map(Object.entries(VARIANTS).map(([kind, schema]) => [kind, Compile(schema)]));

const issueError = (instancePath: string, message: string, keyword: string): Error =>
  Object.assign(new Error(message), { validation: [{ instancePath, message, keyword, params: {} }] });

/**
 * Validates a `generateMap` body against the variant its `kind` names. Checking the whole union
 * would report that the body matches none of three schemas; choosing by `kind` first names the
 * actual bad field (`/machineId`, `/startTime`). Coercion and unknown kinds are refused.
 */
export const mapRequestValidatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  if (route.httpPart !== 'body') return strictValidatorCompiler(route);
  return (data: unknown) => {
    const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
    const validator = typeof kind === 'string' ? compiled.get(kind) : undefined;
    if (validator === undefined) {
      return { error: issueError('/kind', `must be one of ${Object.keys(VARIANTS).join(', ')}`, 'enum') };
    }
    if (validator.Check(data)) return { value: data };
    const [first] = validator.Errors(data);
    if (first === undefined) return { error: issueError('', 'is invalid', 'unknown') };
    return { error: Object.assign(new Error(first.message), { validation: [first] }) };
  };
};
