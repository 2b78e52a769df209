import type { EnrollResponse, MeasurementSchemaDefinition } from '@facilflow/contracts';
import { loadConfig, type Config } from '@facilflow/config';
import { createApiKey, newId, redeemEnrollment } from '@facilflow/core';
import { createPlatform, type Platform } from '@facilflow/platform';
import { type Principal } from '@facilflow/contracts';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { freePort } from './free-port.ts';

export interface BenchPlatform {
  platform: Platform;
  runtime: Runtime;
  tenantId: string;
  /** An admin API key's principal: operations go through the registry (validation, authorization, audit) as from any front. */
  admin: Principal;
  /** That API key's secret, for the HTTP fronts (`Authorization: Bearer …`). */
  apiKey: string;
}

/**
 * The embedded defaults in a scratch dir, a free MQTT port; `env` adds to them (DATABASE_URL,
 * REDIS_URL for a bench on shared services).
 */
export async function benchConfig(dataDir: string, env: Record<string, string> = {}): Promise<Config> {
  return loadConfig({ ...BENCH_ENV, FACILFLOW_DATA_DIR: dataDir, FACILFLOW_MQTT_PORT: String(await freePort()), ...env });
}

/** The settings every bench process on a bench store shares (the secret signs what another process checks). */
export const BENCH_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  FACILFLOW_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
  FIREBASE_PROJECT_ID: 'demo-facilflow-bench',
  FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9',
  // The benches measure the platform under one key's load, not the per-key request limit.
  FACILFLOW_API_KEY_REQUESTS_PER_MINUTE: '1000000',
};

/**
 * The platform on its embedded defaults (PGlite, DuckDB, aedes on a free port of
 * 127.0.0.1) in a scratch dir, with one tenant. Nobody signs in, so the Auth emulator is
 * not started: the tenant is made with the directory and an API key, as the CLI does.
 */
export async function createBenchPlatform(dataDir: string, options: { startBroker: boolean; env?: Record<string, string> }): Promise<BenchPlatform> {
  const config = await benchConfig(dataDir, options.env);
  const platform = await createPlatform(config, { startBroker: options.startBroker });
  const runtime = createOperationsRuntime(platform);
  const tenantId = newId('t');
  const creator = { uid: 'bench', email: null };
  await platform.services.directory.createTenant({ id: tenantId, name: 'Bench', slug: `bench-${tenantId.slice(-6).toLowerCase()}`, createdBy: creator.uid }, creator);
  const { secret } = await createApiKey(platform.services, { tenantId, actor: { type: 'system', name: 'bench' }, role: 'owner' }, { name: 'bench', role: 'admin' });
  const admin = await runtime.authenticate(secret);
  return { platform, runtime, tenantId, admin, apiKey: secret };
}

export async function registerSchema(bench: BenchPlatform, definition: MeasurementSchemaDefinition): Promise<void> {
  await bench.runtime.invoke(bench.admin, 'system', 'schemas.create', definition);
}

/** agents.enroll through the registry, then the one-time token traded for MQTT credentials, as a plant's agent does. */
export async function enrollAgent(bench: BenchPlatform, name: string): Promise<EnrollResponse> {
  const out = (await bench.runtime.invoke(bench.admin, 'system', 'agents.enroll', { name })) as { enrollmentToken: string };
  return redeemEnrollment(bench.platform.services, { token: out.enrollmentToken, hostname: 'bench-load', version: 'bench' });
}
