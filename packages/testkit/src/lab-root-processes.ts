/**
 * Processes a lab started outside its namespaces (the e2e server listens in the root namespace
 * on the lab's root link). Namespaces die with their processes when a stale lab is cleaned up;
 * a root-namespace process would outlive a SIGKILLed test. So the lab records each one (pid and
 * the exact argv it was started with) in a file named after the lab, and the cleanup of a dead
 * creator's labs ends exactly those pids whose /proc/<pid>/cmdline still is that argv: a pid
 * reused by another program is never touched.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labCreatorPid } from './netns-lab-plan.js';

/** Where lab state lives: tmpfs, root's, gone at reboot like the namespaces themselves. */
export const LAB_STATE_DIR = '/run/smlab';

/** One recorded process. */
export interface RootProcessRecord {
  readonly pid: number;
  readonly argv: readonly string[];
}

const stateFile = (stateDir: string, prefix: string): string => join(stateDir, `${prefix}root-processes.json`);

/** Whether `/proc/<pid>/cmdline` text is exactly `argv` (NUL-separated, NUL-terminated). */
export function cmdlineIs(cmdlineText: string, argv: readonly string[]): boolean {
  return argv.length > 0 && cmdlineText === `${argv.join('\0')}\0`;
}

function readRecords(file: string): RootProcessRecord[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as RootProcessRecord[]).filter((r) => Number.isInteger(r.pid) && Array.isArray(r.argv)) : [];
  } catch {
    return [];
  }
}

/** Adds a process to the lab's record (`prefix`: the lab plan's namespace prefix). */
export function recordRootProcess(prefix: string, record: RootProcessRecord, stateDir = LAB_STATE_DIR): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = stateFile(stateDir, prefix);
  writeFileSync(file, JSON.stringify([...readRecords(file), record]));
}

/** Forgets the lab's record (its processes were stopped in order). */
export function forgetRootProcesses(prefix: string, stateDir = LAB_STATE_DIR): void {
  rmSync(stateFile(stateDir, prefix), { force: true });
}

function procCmdline(procRoot: string, pid: number): string {
  try {
    return readFileSync(join(procRoot, String(pid), 'cmdline'), 'latin1');
  } catch {
    return '';
  }
}

/**
 * For every record whose lab creator is dead (`isAlive` false): SIGKILLs each recorded pid still
 * running its recorded argv, then removes the record. Returns the pids it ended.
 */
export function endStaleRootProcesses(isAlive: (pid: number) => boolean, stateDir = LAB_STATE_DIR, procRoot = '/proc'): number[] {
  if (!existsSync(stateDir)) return [];
  const ended: number[] = [];
  for (const name of readdirSync(stateDir)) {
    const creator = labCreatorPid(name);
    if (creator === undefined || creator === process.pid || isAlive(creator)) continue;
    const file = join(stateDir, name);
    for (const { pid, argv } of readRecords(file)) {
      if (!cmdlineIs(procCmdline(procRoot, pid), argv)) continue;
      try {
        process.kill(pid, 'SIGKILL');
        ended.push(pid);
      } catch {
        // Exited between the check and the kill.
      }
    }
    rmSync(file, { force: true });
  }
  return ended;
}
