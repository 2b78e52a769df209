import type { PipelineRecord, PipelineStatus, PipelineSummary, PipelineVersion, PipelineVersionInfo } from '@facilflow/contracts';
import type { schema } from '@facilflow/db';

export type PipelineRow = typeof schema.pipelines.$inferSelect;
export type PipelineVersionRow = typeof schema.pipelineVersions.$inferSelect;

export function toPipelineSummary(row: PipelineRow): PipelineSummary {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    status: row.status as PipelineStatus,
    latestVersion: row.latestVersion,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toPipelineRecord(row: PipelineRow): PipelineRecord {
  return { ...toPipelineSummary(row), draft: row.draftSpec as Record<string, unknown>, hasWebhookSecret: row.webhookSecretHash !== null };
}

export function toVersionInfo(row: PipelineVersionRow): PipelineVersionInfo {
  return { version: row.version, note: row.note, copiedFrom: row.copiedFrom, publishedBy: row.publishedBy, publishedAt: row.publishedAt.toISOString() };
}

export function toVersion(row: PipelineVersionRow): PipelineVersion {
  return { ...toVersionInfo(row), spec: row.spec as Record<string, unknown> };
}
