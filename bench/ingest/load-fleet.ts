// The load generator processes of one side, connected once and driven phase after phase.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { forkTs, nextMessage } from '../lib/child.ts';
import { cpuMeter } from '../lib/process-usage.ts';
import type { LoadEnded, LoadProgress, Phase, PhaseDone, StartLoad } from './messages.ts';

export interface FleetShape {
  processes: number;
  slices: number;
  hostCount: number;
  hostsPerSlice: number;
  window: number;
  seed: number;
}

export interface PhaseResult {
  points: number;
  /** From the phase's start signal to the last acknowledgement. */
  seconds: number;
  latencies: number[];
  lateSends: number;
  /** Percent of one core over the phase. */
  serverCpu: number;
  loadCpu: number;
}

export interface LoadFleet {
  /** Runs one phase on every generator; `onAcks` hears each second's acknowledgements as they come. */
  run(phase: Phase, serverPid: number, onAcks?: (latencies: readonly number[], points: number) => void): Promise<PhaseResult>;
  end(): Promise<void>;
}

export async function startLoadFleet(target: StartLoad['target'], shape: FleetShape): Promise<LoadFleet> {
  const loads: ChildProcess[] = Array.from({ length: shape.processes }, () => forkTs(fileURLToPath(new URL('./load.ts', import.meta.url))));
  const perProcess = shape.slices / shape.processes;
  const ready = loads.map((child) => nextMessage(child, 'ready'));
  loads.forEach((child, p) =>
    child.send({
      type: 'start',
      target,
      slices: Array.from({ length: perProcess }, (_, i) => p * perProcess + i),
      sliceCount: shape.slices,
      hostCount: shape.hostCount,
      hostsPerSlice: shape.hostsPerSlice,
      window: shape.window,
      seed: shape.seed,
    } satisfies StartLoad),
  );
  await Promise.all(ready);

  return {
    async run(phase, serverPid, onAcks) {
      const latencies: number[] = [];
      let points = 0;
      const take = (message: unknown) => {
        const report = message as LoadProgress | PhaseDone;
        if (report.type !== 'progress' && report.type !== 'phase-done') return;
        for (const latency of report.latencies) latencies.push(latency);
        points += report.points;
        onAcks?.(report.latencies, report.points);
      };
      for (const child of loads) child.on('message', take);
      const done = loads.map((child) => nextMessage<PhaseDone>(child, 'phase-done'));
      const serverMeter = cpuMeter(serverPid);
      const loadMeters = loads.map((child) => cpuMeter(child.pid!));
      const started = performance.now();
      for (const child of loads) child.send({ type: 'phase', phase });
      try {
        const results = await Promise.all(done);
        const seconds = (performance.now() - started) / 1000;
        return {
          points,
          seconds,
          latencies,
          lateSends: results.reduce((sum, result) => sum + result.lateSends, 0),
          serverCpu: serverMeter.stop(),
          loadCpu: loadMeters.reduce((sum, meter) => sum + meter.stop(), 0),
        };
      } finally {
        for (const child of loads) child.off('message', take);
      }
    },
    async end() {
      const ended = loads.map((child) => nextMessage<LoadEnded>(child, 'ended'));
      for (const child of loads) child.send({ type: 'end' });
      await Promise.all(ended);
    },
  };
}
