import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadConfig } from '@facilflow/config';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/** Stand-ins for what an operator puts in .env; only their shape matters here. */
const OPERATOR_ENV: Record<string, string> = {
  FACILFLOW_SECRET: 'a-secret-of-at-least-thirty-two-characters',
  POSTGRES_PASSWORD: 'pg-password',
  MQTT_SERVICE_PASSWORD: 'service-password',
  MQTT_ADMIN_PASSWORD: 'admin-password',
  INFLUX_TOKEN: 'apiv3_token',
  FIREBASE_PROJECT_ID: 'facilflow-prod',
  FIREBASE_WEB_API_KEY: 'web-api-key',
  FIREBASE_SERVICE_ACCOUNT_FILE: './firebase-service-account.json',
};

/** Read by libraries rather than by packages/config, each for a stated reason. */
const READ_ELSEWHERE = new Set([
  // firebase-admin's application-default credentials.
  'GOOGLE_APPLICATION_CREDENTIALS',
]);

/**
 * The variables packages/config validates. Its schema is not exported, so they are read from
 * its source: the keys of the env schema object, which is where a new variable is declared.
 */
function configVariables(): Set<string> {
  const source = readFileSync('packages/config/src/load-config.ts', 'utf8');
  const schema = source.slice(source.indexOf('const envSchema = z.object({'), source.indexOf('\n});', source.indexOf('const envSchema')));
  return new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
}

/** Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}`, against OPERATOR_ENV. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    const given = OPERATOR_ENV[name];
    if (given !== undefined) return given;
    if (kind === '-') return rest ?? '';
    throw new Error(`compose.yaml needs ${name}, which the test's operator env lacks`);
  });
}

interface ComposeService {
  image?: string;
  environment?: Record<string, string | number | boolean>;
  command?: string[];
}

const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const facilflowServices = Object.entries(compose.services).filter(([, service]) => service.image === 'facilflow:local');
const envOf = (service: ComposeService) => Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));

describe('deployment files', () => {
  it('runs each FacilFlow role in its own service', () => {
    const roles = Object.fromEntries(facilflowServices.map(([name, service]) => [name, service.environment?.FACILFLOW_ROLES]));
    expect(roles).toMatchObject({ web: 'web,mcp', ingest: 'ingest', worker: 'worker', scheduler: 'scheduler' });
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'mosquitto', 'influxdb']));
  });

  it('sets only variables the config module knows, and values it accepts', () => {
    const known = configVariables();
    expect(known.size).toBeGreaterThan(20);
    for (const [name, service] of facilflowServices) {
      const env = envOf(service);
      const unknown = Object.keys(env).filter((variable) => !known.has(variable) && !READ_ELSEWHERE.has(variable));
      expect(unknown, `${name} sets variables no one reads`).toEqual([]);
      const config = loadConfig(env);
      expect(config.database.kind, name).toBe('postgres');
      expect(config.timeseries.kind, name).toBe('influxdb3');
      expect(config.mqtt.kind, name).toBe('external');
      expect(config.redis, name).toBeDefined();
    }
  });

  it('sets in the Dockerfile only variables the config module knows', () => {
    const known = configVariables();
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const names = [...dockerfile.matchAll(/\b(FACILFLOW_[A-Z0-9_]+)=/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !known.has(n))).toEqual([]);
  });

  it('gives Mosquitto the dynamic-security plugin and no anonymous access', () => {
    const conf = readFileSync('deploy/mosquitto/mosquitto.conf', 'utf8');
    expect(conf).toMatch(/^allow_anonymous false$/m);
    expect(conf).toMatch(/^plugin \S*mosquitto_dynamic_security\.so$/m);
    expect(conf).toMatch(/^plugin_opt_config_file \/mosquitto\/data\/dynamic-security\.json$/m);
  });

  // Docker Compose validates what this file's checks cannot (the schema, references between services).
  const composeCli = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const noCompose = composeCli.status === 0 ? null : (composeCli.error?.message ?? composeCli.stderr.trim().split('\n')[0]);
  it.skipIf(noCompose !== null)(`passes docker compose config -q${noCompose ? ` (skipped: no Docker Compose here: ${noCompose})` : ''}`, () => {
    const result = spawnSync('docker', ['compose', '-f', 'compose.yaml', 'config', '-q'], { encoding: 'utf8', env: { ...process.env, ...OPERATOR_ENV } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
