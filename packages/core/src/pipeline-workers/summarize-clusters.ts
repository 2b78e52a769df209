import { WORKER_STATES, type ClusterRecord, type WorkerRecord, type WorkerState } from '@facilflow/contracts';

/** Groups worker records into their clusters; `queued` is the tenant's, placed on no cluster until claimed. */
export function summarizeClusters(workers: WorkerRecord[], queued: number): ClusterRecord[] {
  const clusters = new Map<string, ClusterRecord>();
  for (const worker of workers) {
    const cluster = clusters.get(worker.cluster) ?? {
      name: worker.cluster,
      workers: Object.fromEntries(WORKER_STATES.map((state) => [state, 0])) as Record<WorkerState, number>,
      capacity: 0,
      load: 0,
      running: 0,
      queued,
    };
    cluster.workers[worker.state] += 1;
    if (worker.state === 'active') cluster.capacity += worker.capacity;
    cluster.load += worker.load;
    cluster.running += worker.yourRuns.length;
    clusters.set(worker.cluster, cluster);
  }
  return [...clusters.values()];
}
