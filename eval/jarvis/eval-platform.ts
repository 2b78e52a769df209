import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@facilflow/config';
import type { Principal, Role, TelemetryPoint } from '@facilflow/contracts';
import { newId } from '@facilflow/core';
import { createOperationsRuntime, type Runtime } from '@facilflow/operations';
import { createPlatform, type Platform } from '@facilflow/platform';
import { demoPlantPoints } from './demo-data.ts';

export interface EvalTenant {
  tenantId: string;
  owner: Principal;
  /** A member with this role (the owner for `owner`). */
  member(role: Role): Promise<Principal>;
}

export interface EvalPlatform {
  platform: Platform;
  runtime: Runtime;
  /** A tenant of its own, holding the seeded demo plant and `extra` points. */
  seededTenant(extra?: readonly TelemetryPoint[]): Promise<EvalTenant>;
  close(): Promise<void>;
}

/**
 * The platform on its embedded defaults (PGlite, DuckDB) in a scratch directory, without a
 * broker: the eval talks to the registry as people do through Jarvis. Nobody signs in, so the
 * Auth emulator is not needed: tenants and members are made in the directory, as the CLI does.
 */
export async function startEvalPlatform(): Promise<EvalPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ff-eval-jarvis-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    FACILFLOW_DATA_DIR: dataDir,
    FACILFLOW_SECRET: randomBytes(32).toString('hex'),
    FIREBASE_PROJECT_ID: 'demo-facilflow-eval',
    FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9',
    FACILFLOW_MQTT_PORT: '0',
  });
  const platform = await createPlatform(config, { startBroker: false });
  const runtime = createOperationsRuntime(platform);
  const { directory, timeseries } = platform.services;
  return {
    platform,
    runtime,
    async seededTenant(extra = []) {
      const tenantId = newId('t');
      const ownerUid = `eval-owner-${tenantId.slice(-6).toLowerCase()}`;
      const creator = { uid: ownerUid, email: `${ownerUid}@example.test` };
      await directory.createTenant({ id: tenantId, name: 'Eval Plant', slug: `eval-${tenantId.slice(-8).toLowerCase()}`, createdBy: creator.uid }, creator);
      const owner: Principal = { actor: { type: 'user', uid: creator.uid, email: creator.email }, tenantId, role: 'owner' };
      const written = await timeseries.write(tenantId, [...demoPlantPoints(), ...extra]);
      if (written.rejected.length > 0) throw new Error(`the store refused a seeded point: ${written.rejected[0]!.reason}`);
      return {
        tenantId,
        owner,
        async member(role) {
          if (role === 'owner') return owner;
          const uid = `eval-${role}-${randomBytes(4).toString('hex')}`;
          await directory.addMember(tenantId, { uid, email: `${uid}@example.test`, role });
          return { actor: { type: 'user', uid, email: `${uid}@example.test` }, tenantId, role };
        },
      };
    },
    async close() {
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
