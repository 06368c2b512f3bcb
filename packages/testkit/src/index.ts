export {};
export * from './fake-proc.js';
export * from './fake-proc-net-tcp.js';
export * from './report-receiver.js';
export * from './netns-lab.js';
export * from './lab-root-processes.js';
