// The stream job both sides run: "1-minute average per host, event above a threshold" over TSBS
// cpu-only rows. Our side is a stream pipeline; Node-RED's is a function node doing the same sums.
import type { PipelineSpecInput } from '@facilflow/contracts';
import { CPU_MEASUREMENT } from '../lib/tsbs-cpu.ts';

export const WINDOW_MS = 60_000;
export const AVERAGED_FIELD = 'usage_user';
export const AVERAGE_COLUMN = 'avg_usage_user';
/** TSBS values wander in 0..100: about half of the host-minutes end above it, so both sides emit plenty. */
export const THRESHOLD = 50;
export const DERIVED_MEASUREMENT = 'cpu_1m';

/**
 * Live stream → 1-minute tumbling average per host (no out-of-order allowance, as the Node-RED
 * flow closes a host's minute at its first later row) → the derived measurement, and → filter
 * above the threshold → event, which goes out on the tenant's pipeline-events channel.
 */
export const streamJobSpec: PipelineSpecInput = {
  name: 'Bench: 1-minute average per host, event above a threshold',
  triggers: [{ type: 'stream', measurement: CPU_MEASUREMENT, fields: [AVERAGED_FIELD] }],
  stages: [
    { id: 'read', use: 'source.live-stream', with: { measurement: CPU_MEASUREMENT, fields: [AVERAGED_FIELD] } },
    {
      id: 'average',
      use: 'transform.window-aggregate',
      with: { window: { type: 'tumbling', sizeMs: WINDOW_MS }, groupBy: ['hostname'], aggregations: [{ as: AVERAGE_COLUMN, fn: 'avg', field: AVERAGED_FIELD }], maxOutOfOrderMs: 0 },
      needs: ['read'],
    },
    { id: 'store', use: 'sink.timeseries-write', with: { measurement: DERIVED_MEASUREMENT, tags: ['hostname'], fields: [AVERAGE_COLUMN] }, needs: ['average'] },
    { id: 'above', use: 'transform.filter', with: { where: `${AVERAGE_COLUMN} > ${THRESHOLD}` }, needs: ['average'] },
    { id: 'raise', use: 'sink.event', with: { severity: 'warning', title: '{hostname} above ' + THRESHOLD + '%: {' + AVERAGE_COLUMN + '}', keyColumns: ['hostname'], maxEvents: 10_000 }, needs: ['above'] },
  ],
};

/**
 * The Node-RED function node's body: per host the running sum of the current minute; a row of a
 * later minute closes it, and the closed minutes above the threshold of one message go out
 * together (as our event stage sends the events of one batch together). A `probe` message is
 * echoed, which is how the bench knows the flow is up.
 */
export const nodeRedFunction = `
if (msg.payload && msg.payload.probe !== undefined) return { payload: { probe: msg.payload.probe } };
let hosts = context.get('hosts');
if (!hosts) { hosts = {}; context.set('hosts', hosts); }
const events = [];
for (const point of msg.payload.points) {
  const host = point.tags.hostname;
  const minute = Math.floor(point.t / ${WINDOW_MS});
  const value = point.f.${AVERAGED_FIELD};
  const state = hosts[host];
  if (!state) { hosts[host] = { minute, sum: value, count: 1 }; continue; }
  if (minute > state.minute) {
    const avg = state.sum / state.count;
    if (avg > ${THRESHOLD}) events.push({ hostname: host, time: state.minute * ${WINDOW_MS}, avg });
    state.minute = minute; state.sum = value; state.count = 1;
  } else if (minute === state.minute) {
    state.sum += value; state.count++;
  }
}
return events.length === 0 ? null : { payload: { events } };
`;

/** One output observed: which host-minute, its average, and when it was seen (epoch ms). */
export interface Observation {
  hostname: string;
  time: number;
  avg: number;
  at: number;
}
