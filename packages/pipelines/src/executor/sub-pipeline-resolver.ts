import type { PipelineSpec } from '@facilflow/contracts';

export interface SubPipelineRef {
  tenantId: string;
  pipelineId: string;
  /** A published version; `latest` takes the newest published one. */
  version: number | 'latest';
}

/**
 * How `control.sub-pipeline` finds the spec it runs. The persistence side implements it over the
 * database inside the run's tenant, so an id of another tenant's pipeline resolves to null.
 */
export interface SubPipelineResolver {
  resolve(ref: SubPipelineRef, signal: AbortSignal): Promise<{ spec: PipelineSpec; version: number } | null>;
}
