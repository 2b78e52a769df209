import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config.ts';
import { roleSplitRefusal } from '../src/role-split.ts';

const base = { NODE_ENV: 'test', FACILFLOW_DATA_DIR: '/tmp/ff-role-split' };
const atScale = {
  DATABASE_URL: 'postgres://facilflow@db:5432/facilflow',
  REDIS_URL: 'redis://redis:6379',
  MQTT_URL: 'mqtt://broker:1883',
  MQTT_USERNAME: 'facilflow-service',
  MQTT_PASSWORD: 'service-secret',
  MQTT_ADMIN_USERNAME: 'admin',
  MQTT_ADMIN_PASSWORD: 'admin-secret',
};

describe('splitting the roles across processes', () => {
  it('lets every role run in one process on the embedded defaults', () => {
    expect(roleSplitRefusal(loadConfig(base))).toBeNull();
  });

  it('refuses a split on the embedded defaults, naming each missing service', () => {
    const refusal = roleSplitRefusal(loadConfig({ ...base, FACILFLOW_ROLES: 'web,mcp' }));
    expect(refusal).toMatch(/FACILFLOW_ROLES=web,mcp leaves ingest, worker, scheduler to other processes/);
    expect(refusal).toMatch(/PostgreSQL \(DATABASE_URL\)/);
    expect(refusal).toMatch(/Redis \(REDIS_URL\)/);
    expect(refusal).toMatch(/MQTT_URL/);
  });

  it('with PostgreSQL, Redis and a broker, splits ingest and workers off but keeps DuckDB queries with ingest', () => {
    expect(roleSplitRefusal(loadConfig({ ...base, ...atScale, FACILFLOW_ROLES: 'web,mcp,ingest' }))).toBeNull();
    expect(roleSplitRefusal(loadConfig({ ...base, ...atScale, FACILFLOW_ROLES: 'worker' }))).toBeNull();
    expect(roleSplitRefusal(loadConfig({ ...base, ...atScale, FACILFLOW_ROLES: 'web,mcp' }))).toMatch(/InfluxDB 3 \(INFLUX_HOST\)/);
    expect(roleSplitRefusal(loadConfig({ ...base, ...atScale, INFLUX_HOST: 'http://influx:8181', INFLUX_TOKEN: 'apiv3_x', FACILFLOW_ROLES: 'web,mcp' }))).toBeNull();
  });
});
