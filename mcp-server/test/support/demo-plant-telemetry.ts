import { loadConfig } from '@facilflow/config';
import { createOperationsRuntime } from '@facilflow/operations';
import { createPlatform } from '@facilflow/platform';
import { loadPlantModel, plantMeasurementSchemas } from '@facilflow/simulator';
import { plantTelemetry } from '../../../packages/core/test/quality/plant-telemetry.ts';

/** When the seeded plant's telemetry starts: a fixed morning, so every run holds the same rows. */
export const DEMO_PLANT_START_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

/**
 * The demo plant's schemas (registered with the key, as `npm start` registers them) and
 * `minutes` of its telemetry, written into the store a spawned bin will open; the platform is
 * closed again before returning, since PGlite and DuckDB admit one process at a time.
 */
export async function seedDemoPlantTelemetry(env: Record<string, string>, apiKey: string, minutes: number): Promise<{ points: number; machines: (measurement: string) => string[] }> {
  const platform = await createPlatform(loadConfig({ NODE_ENV: 'test', ...env }));
  try {
    const runtime = createOperationsRuntime(platform);
    const key = await runtime.authenticate(apiKey);
    if (key.tenantId === null) throw new Error('The key has no tenant');
    const model = await loadPlantModel();
    for (const definition of plantMeasurementSchemas(model)) await runtime.invoke(key, 'system', 'schemas.create', definition);
    const points = plantTelemetry(model, { startMs: DEMO_PLANT_START_MS, seed: 1 }).between(0, minutes * 60);
    const written = await platform.services.timeseries.write(key.tenantId, points);
    if (written.rejected.length > 0) throw new Error(`The store refused demo plant points: ${written.rejected[0]!.reason}`);
    const machines = (measurement: string) => [...new Set(points.filter((point) => point.m === measurement).map((point) => point.tags.machine ?? ''))].sort();
    return { points: points.length, machines };
  } finally {
    await platform.close();
  }
}
