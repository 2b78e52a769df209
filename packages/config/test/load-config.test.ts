import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@facilflow/config';

describe('loadConfig', () => {
  it('defaults to the embedded stores and the Auth emulator', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.database).toMatchObject({ dir: expect.stringMatching(/\.facilflow\/pglite$/) });
    expect(config.firebase).toMatchObject({ projectId: 'demo-facilflow', emulator: { host: '127.0.0.1:9099' } });
    expect(config.roles).toEqual(['web', 'mcp', 'ingest', 'worker', 'scheduler']);
    expect(config.http.publicUrl).toBe('http://127.0.0.1:3000');
  });

  it('plays the demo plant unless told not to, and never by default in production', () => {
    expect(loadConfig({}).demo).toEqual({ plant: true, opcuaPort: 4840 });
    expect(loadConfig({ FACILFLOW_DEMO_PLANT: 'off', FACILFLOW_DEMO_OPCUA_PORT: '4841' }).demo).toEqual({ plant: false, opcuaPort: 4841 });
    const secret = 'x'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', FACILFLOW_SECRET: secret }).demo.plant).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', FACILFLOW_SECRET: secret, FACILFLOW_DEMO_PLANT: 'on' }).demo.plant).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/ff' }).database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/ff' });
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ FACILFLOW_HTTP_PORT: 'eighty' }, 'FACILFLOW_HTTP_PORT'],
    [{ FACILFLOW_ROLES: 'web,teleport' }, 'FACILFLOW_ROLES'],
    [{ TENANT_DIRECTORY: 'ldap' }, 'TENANT_DIRECTORY'],
    [{ NODE_ENV: 'production' }, 'FACILFLOW_SECRET'],
    [{ FACILFLOW_SECRET: 'short' }, 'FACILFLOW_SECRET'],
    [{ FIREBASE_PROJECT_ID: 'acme-prod' }, 'FIREBASE_WEB_API_KEY'],
    [{ TENANT_DIRECTORY: 'firestore' }, 'FIRESTORE_EMULATOR_HOST'],
    [{ FACILFLOW_DEMO_PLANT: 'yes' }, 'FACILFLOW_DEMO_PLANT'],
    [{ FACILFLOW_DEMO_OPCUA_PORT: '70000' }, 'FACILFLOW_DEMO_OPCUA_PORT'],
    [{ FACILFLOW_QUERY_MAX_BYTES: '10' }, 'FACILFLOW_QUERY_MAX_BYTES'],
    [{ FACILFLOW_QUERY_CONCURRENCY: '0' }, 'FACILFLOW_QUERY_CONCURRENCY'],
    [{ FACILFLOW_TENANTS_PER_USER: 'many' }, 'FACILFLOW_TENANTS_PER_USER'],
    [{ FACILFLOW_TENANT_STORAGE_BYTES: '-1' }, 'FACILFLOW_TENANT_STORAGE_BYTES'],
    [{ FACILFLOW_ALLOWED_HOSTS: 'ok.example.com,http://bad/' }, 'FACILFLOW_ALLOWED_HOSTS'],
  ])('names the bad variable: %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('adds FACILFLOW_ALLOWED_HOSTS to the Host allow-list, none by default', () => {
    expect(loadConfig({}).http.allowedHosts).toEqual([]);
    expect(loadConfig({ FACILFLOW_ALLOWED_HOSTS: ' FF.example.com , ff.lan:8080,[::1]:3000,*' }).http.allowedHosts).toEqual(['ff.example.com', 'ff.lan:8080', '[::1]:3000', '*']);
  });

  it('bounds queries, tenants per user, API key requests and tenant storage, each configurable', () => {
    expect(loadConfig({}).limits).toEqual({
      query: { maxResultBytes: 8 * 1024 * 1024, maxConcurrentQueries: 4, maxQueuedQueries: 16 },
      tenantsPerUser: 10,
      apiKeyRequestsPerMinute: 600,
      tenantStorageBytes: 10 * 1024 ** 3,
    });
    const env = {
      FACILFLOW_QUERY_MAX_BYTES: '65536',
      FACILFLOW_QUERY_CONCURRENCY: '2',
      FACILFLOW_QUERY_QUEUE: '0',
      FACILFLOW_TENANTS_PER_USER: '3',
      FACILFLOW_API_KEY_REQUESTS_PER_MINUTE: '5',
      FACILFLOW_TENANT_STORAGE_BYTES: '5000000',
    };
    expect(loadConfig(env).limits).toEqual({
      query: { maxResultBytes: 65536, maxConcurrentQueries: 2, maxQueuedQueries: 0 },
      tenantsPerUser: 3,
      apiKeyRequestsPerMinute: 5,
      tenantStorageBytes: 5_000_000,
    });
  });

  it('refuses the Auth emulator when a real Firebase project is configured', () => {
    expect(() =>
      loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', FIREBASE_WEB_API_KEY: 'k', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' }),
    ).toThrow(/FIREBASE_AUTH_EMULATOR_HOST.*refused in production/);
    expect(loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', FIREBASE_WEB_API_KEY: 'k' }).firebase.emulator).toBeUndefined();
  });
});
