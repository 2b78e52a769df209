import { FacilFlowError, type PipelineRow, type RunStatus } from '@facilflow/contracts';
import type { RunRecorder, StepRecord } from '@facilflow/pipelines';
import { and, eq, ne, schema, type Tx } from '@facilflow/db';
import type { Services } from '../services.ts';
import { boundSample, keptOutputSize } from './record-bounds.ts';

const runs = schema.pipelineRuns;
const steps = schema.pipelineSteps;
const kept = schema.pipelineKeptOutputs;

const ENDED: RunStatus[] = ['succeeded', 'failed', 'cancelled', 'timed_out'];

type KeptOutput = Parameters<RunRecorder['keepOutput']>[2];

/**
 * The executor's run recorder over the platform database, bound to one tenant: every write
 * runs under that tenant's row-level security, and a run of another tenant is not found.
 */
export function createPostgresRunRecorder(services: Services, tenantId: string): RunRecorder {
  const inTenant = <T>(fn: (tx: Tx) => Promise<T>) => services.db.withTenant(tenantId, fn);
  // A run never changes tenant: once found in this one, its later writes skip the look-up (one query per step write).
  const found = new Set<string>();
  const assertInTenant = async (tx: Tx, runId: string): Promise<void> => {
    if (found.has(runId)) return;
    await assertRunInTenant(tx, runId);
    found.add(runId);
  };

  async function writeStep(tx: Tx, record: StepRecord): Promise<void> {
    const durationMs = record.startedAt && record.endedAt ? Math.max(0, record.endedAt.getTime() - record.startedAt.getTime()) : null;
    const values = {
      status: record.status,
      rowsIn: record.rowsIn,
      rowsOut: record.rowsOut,
      inputSample: boundSample(record.inputSample),
      outputSample: boundSample(record.outputSample),
      error: record.error,
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      durationMs,
    };
    await assertInTenant(tx, record.runId);
    await tx
      .insert(steps)
      .values({ tenantId, runId: record.runId, stageId: record.stageId, attempt: record.attempt, ...values })
      .onConflictDoUpdate({ target: [steps.runId, steps.stageId, steps.attempt], set: values });
  }

  async function writeKept(tx: Tx, runId: string, stageId: string, output: KeptOutput): Promise<boolean> {
    const size = keptOutputSize(output);
    if (!size) return false;
    const values = { rows: output.rows, ports: output.ports, rowCount: size.rows, bytes: size.bytes, keptAt: services.now() };
    await assertInTenant(tx, runId);
    await tx
      .insert(kept)
      .values({ tenantId, runId, stageId, ...values })
      .onConflictDoUpdate({ target: [kept.runId, kept.stageId], set: values });
    return true;
  }

  return {
    async runStatus(runId, status, facts) {
      await inTenant(async (tx) => {
        const [run] = await tx.select({ startedAt: runs.startedAt }).from(runs).where(eq(runs.id, runId)).limit(1);
        if (!run) throw new FacilFlowError('NOT_FOUND', `Run ${runId} not found`);
        const ended = ENDED.includes(status);
        // The first end wins: a cancel that races a run's last step leaves whichever came first.
        await tx
          .update(runs)
          .set({
            status,
            ...(status === 'running' && run.startedAt === null ? { startedAt: facts.at } : {}),
            ...(ended ? { endedAt: facts.at } : {}),
            ...(facts.error !== undefined ? { error: facts.error } : {}),
          })
          .where(and(eq(runs.id, runId), ...ENDED.map((end) => ne(runs.status, end))));
      });
    },

    step: (record) => inTenant((tx) => writeStep(tx, record)),

    // The step and its checkpoint commit together: one transaction a stage instead of two.
    stepWithOutput: (record, output) =>
      inTenant(async (tx) => {
        await writeStep(tx, record);
        return writeKept(tx, record.runId, record.stageId, output);
      }),

    keepOutput: (runId, stageId, output) => inTenant((tx) => writeKept(tx, runId, stageId, output)),

    async keptOutput(runId, stageId) {
      const [row] = await inTenant((tx) =>
        tx
          .select({ rows: kept.rows, ports: kept.ports })
          .from(kept)
          .where(and(eq(kept.runId, runId), eq(kept.stageId, stageId)))
          .limit(1),
      );
      return row ? { rows: row.rows as PipelineRow[], ports: row.ports as Record<string, PipelineRow[]> } : null;
    },
  };
}

/**
 * Checked before an upsert: keyed by run id alone, the upsert would otherwise meet another
 * tenant's row (invisible under row-level security) and fail with a policy error instead.
 */
async function assertRunInTenant(tx: Tx, runId: string): Promise<void> {
  const [run] = await tx.select({ id: runs.id }).from(runs).where(eq(runs.id, runId)).limit(1);
  if (!run) throw new FacilFlowError('NOT_FOUND', `Run ${runId} not found`);
}
