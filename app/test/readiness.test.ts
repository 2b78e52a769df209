import { readinessReport, type ReadinessReport } from '@facilflow/contracts';
import { createTestPlatform, freePort, induceWasmTrap, testDatabaseKind, type TestPlatform } from '@facilflow/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type FacilFlowServer } from '../server/create-server.ts';

const running: Array<{ t: TestPlatform; server: FacilFlowServer }> = [];
afterEach(async () => {
  for (const { t, server } of running.splice(0)) {
    await server.close();
    await t.close();
  }
});

/** A server with the roles that need no web build: the MCP front and ingest on the embedded broker. */
async function start(): Promise<{ t: TestPlatform; server: FacilFlowServer }> {
  const t = await createTestPlatform({ FACILFLOW_HTTP_PORT: String(await freePort()), FACILFLOW_ROLES: 'mcp,ingest' });
  const server = await createServer({ config: t.platform.config, platform: t.platform, runtime: t.runtime });
  running.push({ t, server });
  return { t, server };
}

async function readyz(server: FacilFlowServer): Promise<{ status: number; report: ReadinessReport }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, report: readinessReport.parse(await response.json()) };
}

const dependency = (report: ReadinessReport, name: string) => report.dependencies.find((d) => d.name === name);

describe('/readyz', () => {
  it('asks every dependency the process uses and answers 200 when each one answered', async () => {
    const { server } = await start();
    const { status, report } = await readyz(server);
    expect(status, JSON.stringify(report)).toBe(200);
    expect(report.ready).toBe(true);
    expect(report.dependencies.map((d) => d.name).sort()).toEqual(['identity-provider', 'mqtt-broker', 'platform-database', 'time-series']);
    for (const d of report.dependencies) {
      expect(d).toMatchObject({ ok: true });
      expect(d.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers 503 naming the broker when it stops, while /healthz still says the process is alive', async () => {
    const { t, server } = await start();
    await t.platform.edge?.broker?.close();
    const { status, report } = await readyz(server);
    expect(status).toBe(503);
    expect(dependency(report, 'mqtt-broker')).toMatchObject({ ok: false, error: expect.stringMatching(/cannot connect/) });
    expect(dependency(report, 'platform-database')).toMatchObject({ ok: true });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it.skipIf(testDatabaseKind() !== 'pglite')('answers 503 naming the platform database once PGlite has trapped', async () => {
    const { t, server } = await start();
    await induceWasmTrap(t.platform.services.db);
    const { status, report } = await readyz(server);
    expect(status).toBe(503);
    expect(dependency(report, 'platform-database')).toMatchObject({
      ok: false,
      error: expect.stringContaining('embedded PGlite database failed (RuntimeError: memory access out of bounds)'),
    });
    expect(dependency(report, 'time-series')).toMatchObject({ ok: true });
  });
});
