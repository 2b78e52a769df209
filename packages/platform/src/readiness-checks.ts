import { connect } from 'node:net';
import type { DependencyStatus, ReadinessReport } from '@facilflow/contracts';
import type { Services } from '@facilflow/core';
import type { Platform } from './create-platform.ts';

/** One dependency a process cannot serve without; `check` rejects when it is not usable. */
export interface DependencyCheck {
  name: string;
  check(): Promise<void>;
}

/** Tenant ids are `t_…`, so this one never names a tenant; its catalog is empty and cheap to read. */
const PROBE_TENANT = 'readiness_probe';
const DEFAULT_TIMEOUT_MS = 3_000;

/** The stores and the identity provider every front uses. */
export function serviceChecks(services: Pick<Services, 'db' | 'timeseries' | 'identity'>): DependencyCheck[] {
  return [
    { name: 'platform-database', check: () => services.db.ping() },
    { name: 'time-series', check: async () => void (await services.timeseries.catalog(PROBE_TENANT)) },
    { name: 'identity-provider', check: () => services.identity.check() },
  ];
}

/** Everything the platform of this process holds: the services, and the MQTT broker when it runs or reaches one. */
export function platformChecks(platform: Platform): DependencyCheck[] {
  const { config } = platform;
  // A DuckDB file has one process that opens it, the one with ingest and the fronts: a worker or scheduler apart from them never reads it, and probing it would take the lock.
  const readsTimeSeries = config.timeseries.kind === 'influxdb3' || config.roles.some((role) => role === 'web' || role === 'mcp' || role === 'ingest');
  const checks = serviceChecks(platform.services).filter((check) => readsTimeSeries || check.name !== 'time-series');
  const brokerUrl = config.mqtt.kind === 'external' ? config.mqtt.url : platform.edge?.broker?.url;
  if (platform.edge && brokerUrl) checks.push({ name: 'mqtt-broker', check: () => acceptsConnections(brokerUrl) });
  return checks;
}

/** Runs every check at once, each bounded by the timeout, so a hung dependency shows as one failed entry. */
export async function checkReadiness(checks: readonly DependencyCheck[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ReadinessReport> {
  const dependencies = await Promise.all(checks.map((c) => timed(c, timeoutMs)));
  return { ready: dependencies.every((d) => d.ok), dependencies };
}

async function timed(dependency: DependencyCheck, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([dependency.check(), deadline]);
    return { name: dependency.name, ok: true, latencyMs: elapsed(started) };
  } catch (error) {
    return { name: dependency.name, ok: false, latencyMs: elapsed(started), error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** A TCP connection to the broker's listener: what every agent and the ingest client need first. */
function acceptsConnections(url: string): Promise<void> {
  const { hostname, port, protocol } = new URL(url);
  const host = hostname === '0.0.0.0' || hostname === '' ? '127.0.0.1' : hostname.replace(/^\[|\]$/g, '');
  const target = Number(port) || (protocol === 'mqtts:' ? 8883 : 1883);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: target });
    // A black-holed address would otherwise keep this socket past the readiness deadline.
    socket.setTimeout(DEFAULT_TIMEOUT_MS, () => socket.destroy(new Error(`no answer within ${DEFAULT_TIMEOUT_MS} ms`)));
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(new Error(`cannot connect to ${host}:${target}: ${error.message}`));
    });
  });
}
