import { z } from 'zod';
import { workerLabelsSchema } from '../pipeline-spec.ts';

export const WORKER_STATES = ['active', 'draining', 'drained', 'lost'] as const;
export const workerStateSchema = z
  .enum(WORKER_STATES)
  .describe('active claims runs; draining finishes what it holds and claims nothing; drained holds nothing; lost missed its heartbeats');
export type WorkerState = z.infer<typeof workerStateSchema>;

const clusterNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a cluster name is lower case letters, digits, _ and -').describe('Cluster name, e.g. "default"');
const workerIdSchema = z.string().min(1).max(128).describe('Worker id (workers.list)');

/**
 * A run worker as a tenant sees it: shared infrastructure, so its load is a count and the runs
 * listed are the caller's own; another tenant's runs and ids never appear.
 */
export const workerRecordSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  state: workerStateSchema,
  capacity: z.number().int().describe('Runs it executes at once'),
  load: z.number().int().describe('Runs it holds now, of every tenant'),
  labels: workerLabelsSchema,
  version: z.string(),
  startedAt: z.iso.datetime({ offset: true }),
  heartbeatAt: z.iso.datetime({ offset: true }),
  heartbeatAgeMs: z.number().int(),
  drainRequestedAt: z.iso.datetime({ offset: true }).nullable(),
  yourRuns: z.array(z.string()).describe("Ids of the caller's tenant's runs it holds"),
});
export type WorkerRecord = z.infer<typeof workerRecordSchema>;

export const clusterRecordSchema = z.object({
  name: z.string(),
  workers: z.record(workerStateSchema, z.number().int()).describe('Workers by state'),
  capacity: z.number().int().describe('Runs the active workers execute at once'),
  load: z.number().int().describe('Runs its workers hold now, of every tenant'),
  running: z.number().int().describe("The caller's tenant's runs its workers hold"),
  queued: z.number().int().describe("The caller's tenant's queued runs (a queued run is placed when a worker claims it)"),
});
export type ClusterRecord = z.infer<typeof clusterRecordSchema>;

export const listClustersInput = z.object({});
export const listClustersOutput = z.object({ items: z.array(clusterRecordSchema) });

export const getClusterInput = z.object({ name: clusterNameSchema });
export const getClusterOutput = z.object({ cluster: clusterRecordSchema, workers: z.array(workerRecordSchema) });

export const listWorkersInput = z.object({ cluster: clusterNameSchema.optional().describe('Only this cluster\'s workers') });
export const listWorkersOutput = z.object({ items: z.array(workerRecordSchema) });

export const getWorkerInput = z.object({ id: workerIdSchema });
export const getWorkerOutput = z.object({ worker: workerRecordSchema });

export const drainWorkerInput = z.object({ id: workerIdSchema });
export const drainWorkerOutput = z.object({ worker: workerRecordSchema });

/** What the `/clusters` namespace sends when a worker registers, drains, finishes draining or is found lost. */
export const clusterStatusEventSchema = z.object({
  cluster: z.string(),
  workerId: z.string(),
  state: workerStateSchema,
  at: z.iso.datetime({ offset: true }),
});
export type ClusterStatusEvent = z.infer<typeof clusterStatusEventSchema>;

/** What the `/clusters` namespace sends periodically, for the caller's tenant. */
export const clusterMetricsEventSchema = z.object({ at: z.iso.datetime({ offset: true }), clusters: z.array(clusterRecordSchema) });
export type ClusterMetricsEvent = z.infer<typeof clusterMetricsEventSchema>;
