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
  ])('names the bad variable: %o', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('refuses the Auth emulator when a real Firebase project is configured', () => {
    expect(() =>
      loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', FIREBASE_WEB_API_KEY: 'k', FIREBASE_AUTH_EMULATOR_HOST: '127.0.0.1:9099' }),
    ).toThrow(/FIREBASE_AUTH_EMULATOR_HOST.*refused in production/);
    expect(loadConfig({ FIREBASE_PROJECT_ID: 'acme-prod', FIREBASE_WEB_API_KEY: 'k' }).firebase.emulator).toBeUndefined();
  });
});
