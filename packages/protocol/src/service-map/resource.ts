import { Type, type Static, type TSchema } from 'typebox';

// Service Map models are not `additionalProperties: false` (unlike the agent report): Azure SDKs
// echo read-only fields and newer SDK builds add optional ones, and a strict schema would turn
// those harmless extras into 400s for clients that worked against Azure.

/**
 * An ISO-8601 date-time as Azure clients send it: `Z` or a `±hh:mm` offset, 0-9 fraction digits
 * (Python sends microseconds, .NET sends 7 digits). The server always answers in UTC with `Z`.
 */
export const DateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
});
export type DateTime = Static<typeof DateTime>;

/** Fields every ARM resource carries (`Resource` in the spec): all read-only. */
export const ResourceFields = {
  /** Full ARM resource id (`/subscriptions/.../features/serviceMap/...`). */
  id: Type.String(),
  /** ARM resource type, e.g. `Microsoft.OperationalInsights/workspaces/features/machines`. */
  type: Type.String(),
  /** Encoded resource name (see the name grammar in @servicemap/topology). */
  name: Type.String(),
};

/**
 * A `CoreResource`: the common fields plus the `kind` discriminator (always emitted; the SDKs
 * pick the model by it) and `properties`, which is where every resource-specific field lives on
 * the wire (`x-ms-client-flatten` only flattens them inside SDKs).
 */
export function CoreResource<Kind extends string, Properties extends TSchema>(kind: Kind, properties: Properties) {
  return Type.Object({
    ...ResourceFields,
    kind: Type.Literal(kind),
    etag: Type.Optional(Type.String()),
    properties,
  });
}

/** A `Relationship` (connection or acceptor): common fields, `kind`, `properties`; no etag. */
export function Relationship<Kind extends string, Properties extends TSchema>(kind: Kind, properties: Properties) {
  return Type.Object({ ...ResourceFields, kind: Type.Literal(kind), properties });
}
