/**
 * Less noise on a shared machine: the server and the load generator on different cores, and the
 * server's CPU time per request, which other processes' load disturbs far less than req/s (a
 * request waiting for a core costs wall time, not CPU time).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

function tasksetPath(): string | null {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return 'taskset';
  } catch {
    return null;
  }
}

export type Pinning = { server: string; loadGenerator: string } | null;

/**
 * Which cores the server and this process get: the last core for the server, the rest for the
 * load generator (autocannon runs in this process). Null without taskset or with one core.
 */
export function planPinning(wanted: boolean): Pinning {
  const cores = os.availableParallelism();
  if (!wanted || cores < 2 || tasksetPath() === null) return null;
  const last = cores - 1;
  return { server: String(last), loadGenerator: last === 1 ? '0' : `0-${last - 1}` };
}

/** Moves every thread of this process (the event loop, libuv's pool, V8's helpers) to `cores`. */
export function pinThisProcess(cores: string): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cores, String(process.pid)], { stdio: 'ignore' });
}

/** The command that starts `command` on `cores` (every thread it ever starts inherits them). */
export function pinnedCommand(cores: string | null, command: string, args: string[]): [string, string[]] {
  return cores === null ? [command, args] : ['taskset', ['--cpu-list', cores, command, ...args]];
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * User plus system CPU time of a process so far, all its threads included (bcrypt on libuv's
 * pool too), in milliseconds; null where /proc is not there. Resolution is one clock tick (10 ms),
 * which is fine over a run of seconds.
 */
export function processCpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) / clockTicks()) * 1000;
}
