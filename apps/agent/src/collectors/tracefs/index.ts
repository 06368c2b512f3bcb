/** Kernel socket events through tracefs (no eBPF): the agent's event collector. */
export {
  TracefsEventSource,
  type TracefsEventSourceOptions,
  type TracefsOpenResult,
  type TracefsSourceStats,
  type TracefsUnavailableReason,
} from './tracefs-event-source.js';
export { INSTANCE_NAME, TRACEFS_ROOT, removeStaleInstances } from './tracefs-instance.js';
