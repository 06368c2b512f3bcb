import { Type, type Static } from 'typebox';
import { DateTime, ResourceFields } from './resource.js';

/** Whether a resource was live (had activity) in the interval, which is echoed back. */
export const Liveness = Type.Object({
  startTime: DateTime,
  endTime: DateTime,
  live: Type.Boolean(),
});
export type Liveness = Static<typeof Liveness>;

export const MachineCountsByOperatingSystem = Type.Object({
  windows: Type.Integer({ minimum: 0 }),
  linux: Type.Integer({ minimum: 0 }),
});
export type MachineCountsByOperatingSystem = Static<typeof MachineCountsByOperatingSystem>;

/** `GET .../summaries/machines`: a `Summary` resource, which has no `kind`. */
export const MachinesSummary = Type.Object({
  ...ResourceFields,
  properties: Type.Object({
    startTime: DateTime,
    endTime: DateTime,
    total: Type.Integer({ minimum: 0 }),
    live: Type.Integer({ minimum: 0 }),
    os: MachineCountsByOperatingSystem,
  }),
});
export type MachinesSummary = Static<typeof MachinesSummary>;
