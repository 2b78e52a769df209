import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Approval } from '@facilflow/contracts';
import { createTestPlatform, type TestPlatform, type TestTenant } from '@facilflow/testkit';
import { createTRPCUntypedClient, httpLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeOf, PRODUCTION_MEASUREMENT, registerLabelledMeasurements, writingDraft } from '../../packages/operations/test/policies/policy-fixtures.ts';
import { createTrpcMiddleware } from '../server/trpc-middleware.ts';

const facilflow = fileURLToPath(new URL('../../packages/cli/bin/facilflow.mjs', import.meta.url));
const run = promisify(execFile);

let t: TestPlatform;
let server: Server;
let url: string;
let plant: TestTenant;

beforeAll(async () => {
  t = await createTestPlatform();
  // The web app's own tRPC front (the middleware the server mounts), on a local port.
  const app = express();
  app.use('/api/trpc', createTrpcMiddleware(t.runtime));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  plant = await t.createTenant('Policy Approvals Plant');
  await registerLabelledMeasurements(t, plant.ownerPrincipal);
  await t.call(plant.ownerPrincipal, 'policies.create', {
    name: 'Production publishes need an admin',
    effect: 'REQUIRE_APPROVAL',
    match: { operations: ['pipelines.publish'], conditions: [{ attribute: 'pipeline.sinkMeasurementLabels', operator: 'includes', value: 'production' }] },
    approval: { approvers: 1, approverRole: 'admin' },
  });
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

/** A publish of a production-writing draft asked by a service key over MCP: held, with the request's id. */
async function heldPublish(): Promise<{ pipelineId: string; approvalId: string }> {
  const key = await t.runtime.authenticate(await t.apiKey(plant.tenantId, 'service'));
  const pipelineId = await writingDraft(t, plant.ownerPrincipal, PRODUCTION_MEASUREMENT);
  const held = await outcomeOf(t, key, 'pipelines.publish', { id: pipelineId }, 'mcp');
  expect(held.code).toBe('PENDING_APPROVAL');
  return { pipelineId, approvalId: held.details.approvalId as string };
}

async function versionsOf(id: string): Promise<number> {
  return ((await t.call(plant.ownerPrincipal, 'pipelines.versions', { id })) as { versions: unknown[] }).versions.length;
}

describe('a publish a policy holds, approved by a person', () => {
  it('through the web app\'s tRPC approvals.approve, with their ID token: published once', async () => {
    const { pipelineId, approvalId } = await heldPublish();
    const web = createTRPCUntypedClient<AnyRouter>({ links: [httpLink({ url: `${url}/api/trpc`, headers: { authorization: `Bearer ${await plant.owner.idToken()}` } })] });
    const { approval } = (await web.mutation('approvals.approve', { id: approvalId })) as { approval: Approval };
    expect(approval).toMatchObject({ status: 'applied', decidedVia: 'trpc', policy: { name: 'Production publishes need an admin' } });
    expect(await versionsOf(pipelineId)).toBe(1);
    await expect(web.mutation('approvals.approve', { id: approvalId })).rejects.toThrow(/already applied/);
    expect(await versionsOf(pipelineId)).toBe(1);
  });

  it('with `facilflow approvals approve ID` against the server: published once', async () => {
    const { pipelineId, approvalId } = await heldPublish();
    const env = { PATH: process.env.PATH ?? '', NODE_ENV: 'test' as const, FACILFLOW_URL: url, FACILFLOW_ID_TOKEN: await plant.owner.idToken() };
    const { stdout } = await run(process.execPath, [facilflow, 'approvals', 'approve', approvalId], { env });
    expect(JSON.parse(stdout)).toMatchObject({ approval: { id: approvalId, status: 'applied', result: { published: true } } });
    expect(await versionsOf(pipelineId)).toBe(1);
    const again = await run(process.execPath, [facilflow, 'approvals', 'approve', approvalId], { env }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(again?.stderr).toMatch(/already applied/);
    expect(await versionsOf(pipelineId)).toBe(1);
  });
});
