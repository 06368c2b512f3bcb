import { Type, type Static } from 'typebox';

// Patterns rather than `format`s: a pattern means the same thing to every validator (Ajv in the
// server, TypeBox's Value in tests and the agent), while formats need registering in each.

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** A GUID (any version). */
export const Uuid = Type.String({ pattern: `^${UUID}$` });
export type Uuid = Static<typeof Uuid>;

/** A GUID created once per agent and kept on disk. */
export const AgentId = Type.String({ pattern: `^${UUID}$` });
export type AgentId = Static<typeof AgentId>;

/** Service Map machine name of a monitored machine: `m-{agentGuid}`. */
export const MachineName = Type.String({ pattern: `^m-${UUID}$` });
export type MachineName = Static<typeof MachineName>;

/** Service Map process pool name: `p-{40 hex}`. */
export const ProcessName = Type.String({ pattern: '^p-[0-9a-f]{40}$' });
export type ProcessName = Static<typeof ProcessName>;

/** A textual IPv4 or IPv6 address (no zone, no brackets). */
export const IpAddress = Type.String({ pattern: '^[0-9a-fA-F:.]{2,45}$' });
export type IpAddress = Static<typeof IpAddress>;

/** UTC date-time in ISO-8601 with a `Z`, as `Date.prototype.toISOString` writes it. */
export const IsoDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
});
export type IsoDateTime = Static<typeof IsoDateTime>;
