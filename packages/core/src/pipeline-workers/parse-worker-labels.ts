import { FacilFlowError, workerLabelsSchema } from '@facilflow/contracts';

/** `site=plant1,gpu=false` → {"site":"plant1","gpu":"false"}; the format of FACILFLOW_WORKER_LABELS. */
export function parseWorkerLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new FacilFlowError('INVALID', `worker label "${pair}" must be name=value`);
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  const parsed = workerLabelsSchema.safeParse(labels);
  if (!parsed.success) throw new FacilFlowError('INVALID', `worker labels "${text}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}
