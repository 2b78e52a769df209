import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** Peak resident set of a live process (VmHWM), in bytes; NaN once it is gone. */
export function peakRss(pid: number): number {
  return statusBytes(pid, 'VmHWM');
}

/** Resident set of a live process right now (VmRSS), in bytes; NaN once it is gone. */
export function currentRss(pid: number): number {
  return statusBytes(pid, 'VmRSS');
}

function statusBytes(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system) a live process has used so far, its threads included. */
export function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Samples a process's CPU over a measured interval: percent of one core. */
export function cpuMeter(pid: number): { stop(): number } {
  const startCpu = cpuSeconds(pid);
  const started = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - started) / 1000;
      return ((cpuSeconds(pid) - startCpu) / seconds) * 100;
    },
  };
}
