// Loads the query bench's data into InfluxDB from a process of its own, while the main process loads FacilFlow's store.
import { childMain, fromParent, tell } from '../lib/child.ts';
import { influxWriter } from '../lib/influxdb.ts';
import { CpuRows, hostTags } from '../lib/tsbs-cpu.ts';

export interface LoadInflux {
  type: 'start';
  url: string;
  hosts: number;
  steps: number;
  seed: number;
}

/** Steps (timestamps of all hosts) per request. */
const STEPS_PER_REQUEST = 5;
const CONCURRENCY = 4;

childMain(async () => {
  const start = await fromParent<LoadInflux>('start');
  const rows = new CpuRows(hostTags(start.hosts, start.seed), start.seed);
  const write = influxWriter(start.url, CONCURRENCY);
  // InfluxDB answers 500 when its cache is full until a snapshot is written: wait and send again.
  const writeWithRetry = async (lines: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(lines);
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };
  const inFlight = new Set<Promise<void>>();
  for (let step = 0; step < start.steps; ) {
    let lines = '';
    for (let i = 0; i < STEPS_PER_REQUEST && step < start.steps; i++, step++) lines += rows.lineProtocol(rows.advance());
    const sent: Promise<void> = writeWithRetry(lines).finally(() => inFlight.delete(sent));
    inFlight.add(sent);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  tell({ type: 'loaded' });
});
