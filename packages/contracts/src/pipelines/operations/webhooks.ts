import { z } from 'zod';
import { pipelineRowSchema } from '../pipeline-row.ts';
import { runRecordSchema } from './runs.ts';

/** The most rows one webhook call may hand a run. */
export const WEBHOOK_MAX_ROWS = 10_000;

/**
 * Every refused webhook call reads the same, whether the pipeline is unknown, belongs to
 * another tenant or the secret is wrong, so a caller without the secret learns nothing.
 */
export const WEBHOOK_REFUSED = 'No pipeline webhook answers to this address and secret';

const TENANT_ID = /^[a-z0-9_]{1,64}$/;
const PIPELINE_ID = /^pl_[a-z2-7]{16}$/;
const SECRET = /^ffwh_[A-Za-z0-9_-]{43}$/;

/**
 * A webhook call's credential as the intake hands it on: the address it was sent to and the
 * bearer secret, `tenant:pipeline:secret`. The address is its public id; the secret is checked
 * against the hash kept on the pipeline.
 */
export function pipelineWebhookCredential(address: { tenantId: string; pipelineId: string }, secret: string): string {
  return `${address.tenantId}:${address.pipelineId}:${secret}`;
}

export function parsePipelineWebhookCredential(credential: string): { tenantId: string; pipelineId: string; secret: string } | null {
  const [tenantId, pipelineId, secret, ...rest] = credential.split(':');
  if (rest.length > 0 || !tenantId || !pipelineId || !secret) return null;
  if (!TENANT_ID.test(tenantId) || !PIPELINE_ID.test(pipelineId) || !SECRET.test(secret)) return null;
  return { tenantId, pipelineId, secret };
}

/** The credential's public part, `tenant:pipeline`: what the audit and the attempt limits name it by. */
export function pipelineWebhookCredentialId(credential: string): string | null {
  const parsed = parsePipelineWebhookCredential(credential);
  return parsed ? `${parsed.tenantId}:${parsed.pipelineId}` : null;
}

export const receiveWebhookInput = z.object({
  credential: z.string().max(256).describe('tenant:pipeline:secret, assembled by the intake from the URL and the bearer secret'),
  payload: z
    .union([pipelineRowSchema, z.array(pipelineRowSchema).max(WEBHOOK_MAX_ROWS)])
    .describe('The JSON body: one flat row of scalars, or an array of them; the run gets them as its input rows'),
});

export const receiveWebhookOutput = z.object({ run: runRecordSchema });
