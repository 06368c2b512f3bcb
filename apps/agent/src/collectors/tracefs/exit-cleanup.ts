/**
 * Runs synchronous clean-ups (remove a tracefs instance, close fds) when the process ends: on
 * `exit` and on SIGINT/SIGTERM/SIGHUP. Handlers are installed only while something is
 * registered, and a signal is re-raised after cleaning up when nobody else handles it, so the
 * process still dies the way it would have without us.
 */

const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type ExitSignal = (typeof SIGNALS)[number];

function runAll(): void {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    try {
      fn();
    } catch {
      // Best effort at exit: one failing clean-up must not stop the others.
    }
  }
}

function onSignal(signal: ExitSignal): void {
  runAll();
  uninstall();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

const handlers = new Map<ExitSignal, () => void>(SIGNALS.map((s) => [s, () => { onSignal(s); }]));

function install(): void {
  process.on('exit', runAll);
  for (const [signal, handler] of handlers) process.on(signal, handler);
}

function uninstall(): void {
  process.off('exit', runAll);
  for (const [signal, handler] of handlers) process.off(signal, handler);
}

/** Registers `fn` to run once at process exit; returns a function that unregisters it. */
export function onProcessExit(fn: () => void): () => void {
  if (cleanups.size === 0) install();
  cleanups.add(fn);
  return () => {
    if (cleanups.delete(fn) && cleanups.size === 0) uninstall();
  };
}
