import { FacilFlowError } from '@facilflow/contracts';
import type { Tx } from '@facilflow/db';
import { loadCronSchedules, type LoadedSchedule } from './load-cron-schedules.ts';

/** One of the transaction's tenant's schedules; another tenant's id is not found, like one that never was. */
export async function findSchedule(tx: Tx, id: string): Promise<LoadedSchedule> {
  const pipelineId = id.split('.')[1];
  const schedule = pipelineId === undefined ? undefined : (await loadCronSchedules(tx, { pipelineId })).find((candidate) => candidate.id === id);
  if (!schedule) throw new FacilFlowError('NOT_FOUND', `Schedule ${id} not found: schedules.list shows the cron triggers of active pipelines`);
  return schedule;
}
