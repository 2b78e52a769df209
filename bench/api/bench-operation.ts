import { CPU_MEASUREMENT } from '../lib/tsbs-cpu.ts';

/**
 * The read every front answers: the last value of each field of a few TSBS hosts, a few KB of
 * JSON, served from the store's last-value cache, so the front's own cost is what differs.
 */
export const BENCH_OPERATION = 'telemetry.latest' as const;
export const BENCH_TOOL = 'telemetry_latest';
export const BENCH_REST_PATH = '/api/v1/telemetry/latest';
export const BENCH_INPUT = { measurement: CPU_MEASUREMENT };
/** 2 hosts × 10 fields: 20 values. */
export const BENCH_HOSTS = 2;
/** An hour of rows at 10 s. */
export const BENCH_STEPS = 360;
