import { createHmac } from 'node:crypto';
import { isFacilFlowError, lineageNodeIds, type MeasurementFieldType, type TenantScope } from '@facilflow/contracts';
import type { ComponentServices } from '@facilflow/pipelines';
import { withheldColumns, withheldFieldsFor } from '../governance/withheld-fields.ts';
import { writeLineage } from '../lineage/lineage-store.ts';
import { ensureMeasurementSchema } from '../schemas/ensure-measurement-schema.ts';
import { getMeasurementSchema } from '../schemas/get-measurement-schema.ts';
import type { Services } from '../services.ts';
import { sendOutboundRequest } from './outbound-http.ts';
import { pipelineRunLineage } from './pipeline-run-lineage.ts';
import { queryResultRows, referencedParams } from './query-result-rows.ts';
import { readStoredPoints } from './read-stored-points.ts';
import { rowsToPoints } from './rows-to-points.ts';

const QUERY_MAX_ROWS = 1_000_000;
const QUERY_TIMEOUT_MS = 120_000;

/** The channel pipeline events go out on, for the alerting engine and live views of the tenant. */
export const pipelineEventsChannel = (tenantId: string) => `tenant:${tenantId}:pipeline-events`;

/** The key a pipeline signs its outbound webhooks with: one per pipeline, derived, never stored or shown to a stage. */
export function pipelineSigningKey(signingKey: string, tenantId: string, pipelineId: string): string {
  return createHmac('sha256', signingKey).update(`${tenantId}\u0000${pipelineId}`).digest('hex');
}

/**
 * What a stage of one tenant's pipeline reaches outside through: that tenant's store, schema
 * registry, object prefix and event channel, and only the hosts pipelines may call.
 */
export function createComponentServices(services: Services, scope: TenantScope, pipeline: { id: string; version: number }): ComponentServices {
  const tenantId = scope.tenantId;
  const pipelineNode = lineageNodeIds.pipeline(pipeline.id);
  const signingKey = pipelineSigningKey(services.outbound.signingKey, tenantId, pipeline.id);
  // Field types already registered per measurement, so a run writing every minute asks the registry once.
  const registered = new Map<string, Map<string, MeasurementFieldType>>();
  const lineage = pipelineRunLineage(services, tenantId, pipeline);

  async function ensureFields(measurement: string, fieldTypes: Map<string, MeasurementFieldType>): Promise<void> {
    let known = registered.get(measurement);
    if (known && [...fieldTypes].every(([field, type]) => known?.get(field) === type)) return;
    const current = await getMeasurementSchema(services, scope, { measurement }).then(
      (found) => found.schema,
      (error: unknown) => {
        if (isFacilFlowError(error) && error.code === 'NOT_FOUND') return null;
        throw error;
      },
    );
    const fields = new Map<string, MeasurementFieldType>((current?.fields ?? []).map((field) => [field.name, field.type]));
    const missing = [...fieldTypes].filter(([field]) => !fields.has(field));
    if (!current || missing.length > 0) {
      for (const [field, type] of missing) fields.set(field, type);
      await ensureMeasurementSchema(services, scope, {
        measurement,
        description: current?.description ?? `Derived by pipeline ${pipeline.id}`,
        fields: [...(current?.fields ?? []), ...missing.map(([name, type]) => ({ name, type }))],
        requiredTags: current?.requiredTags ?? [],
      });
    }
    known = fields;
    registered.set(measurement, known);
  }

  return {
    async queryTimeSeries(sql, params, signal) {
      // A run reads as its scope's role (service, as an engineer): restricted fields stay out of what it exports.
      const withheld = withheldColumns(await withheldFieldsFor(services, scope));
      const result = await services.timeseries.query(tenantId, sql, {
        maxRows: QUERY_MAX_ROWS,
        timeoutMs: QUERY_TIMEOUT_MS,
        params: referencedParams(sql, params),
        signal,
        ...(withheld.length > 0 ? { withheld } : {}),
      });
      return queryResultRows(result);
    },
    readPoints(selection, range, signal) {
      return readStoredPoints(services, tenantId, selection, range, { maxRows: QUERY_MAX_ROWS, timeoutMs: QUERY_TIMEOUT_MS, signal });
    },
    async writeTimeSeries(write, signal) {
      signal.throwIfAborted();
      const { points, fieldTypes } = rowsToPoints(write);
      if (points.length === 0) return { written: 0 };
      await ensureFields(write.measurement, fieldTypes);
      const result = await services.timeseries.write(tenantId, points, write.batch ? { batch: write.batch } : {});
      if (result.duplicate) return { written: 0 };
      await lineage.reads();
      const at = services.now();
      const measurementNode = lineageNodeIds.measurement(write.measurement);
      const fieldNodes = [...fieldTypes.keys()].map((field) => ({ id: lineageNodeIds.field(write.measurement, field), field }));
      await writeLineage(
        services.db,
        tenantId,
        [
          { id: pipelineNode, kind: 'pipeline', label: pipeline.id, attributes: { pipelineId: pipeline.id, version: pipeline.version } },
          { id: measurementNode, kind: 'measurement', label: write.measurement, attributes: { measurement: write.measurement } },
          ...fieldNodes.map(({ id, field }) => ({ id, kind: 'field', label: `${write.measurement}.${field}`, attributes: { measurement: write.measurement, field } })),
        ],
        [{ from: pipelineNode, to: measurementNode, kind: 'writes' }, ...fieldNodes.map(({ id }) => ({ from: pipelineNode, to: id, kind: 'writes' }))],
        at,
      );
      return { written: result.written };
    },
    async httpRequest(request, signal) {
      const answer = await sendOutboundRequest(request, services.outbound.httpHosts, signal);
      if (request.method === 'POST' && (await lineage.isWebhookSink(request.url))) {
        await lineage.reads();
        await lineage.sink('webhook', new URL(request.url).host);
      }
      return answer;
    },
    async putObject(key, bytes, contentType, signal) {
      const stored = await services.objects.put(tenantId, key, { bytes, contentType }, signal);
      await lineage.reads();
      await lineage.sink('object', stored.key);
      return { key: stored.key };
    },
    async emitEvents(events, signal) {
      signal.throwIfAborted();
      await services.bus.publish(pipelineEventsChannel(tenantId), { pipelineId: pipeline.id, version: pipeline.version, events });
    },
    signPayload: (body) => createHmac('sha256', signingKey).update(body).digest('hex'),
  };
}
