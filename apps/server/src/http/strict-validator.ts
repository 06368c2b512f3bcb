import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/**
 * A validator compiler that checks exactly what the schema says: no type coercion, no silent
 * removal of unknown properties (Fastify's default Ajv does both, which would let `"443"` or a
 * misspelt counter through). The first problem is reported as an Ajv-style issue, whose JSON
 * pointer the error handler puts in the 400 message.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const validator = Compile(schema);
  return (data: unknown) => {
    if (validator.Check(data)) return { value: data };
    const [first] = validator.Errors(data);
    const issue = first === undefined
      ? { instancePath: '', message: 'is invalid', keyword: 'unknown', params: {} }
      : { ...first, message: first.keyword === 'boolean' ? 'is not allowed' : first.message };
    const error = Object.assign(new Error(issue.message), { validation: [issue] });
    return { error };
  };
};
