import { Gauge, type Registry } from 'prom-client';

export interface PoolUse {
  /** e.g. `postgres`, `duckdb`. */
  store: string;
  inUse: number;
  idle: number;
}

/**
 * Numbers another component holds, read when Prometheus scrapes rather than pushed on every
 * change: the component needs no metrics code, and a gauge is never stale.
 */
export interface SourcedGauges {
  readMqttConnectionsFrom(source: () => number): void;
  readPoolUseFrom(source: () => readonly PoolUse[]): void;
}

export function createSourcedGauges(registry: Registry): SourcedGauges {
  let mqttConnections: (() => number) | undefined;
  let poolUse: (() => readonly PoolUse[]) | undefined;
  new Gauge({
    name: 'facilflow_mqtt_connections',
    help: 'Clients connected to the embedded MQTT broker',
    registers: [registry],
    collect() {
      if (mqttConnections) this.set(mqttConnections());
    },
  });
  new Gauge({
    name: 'facilflow_store_pool_connections',
    help: 'Store connections (PostgreSQL pool, DuckDB tenant files) by state',
    labelNames: ['store', 'state'] as const,
    registers: [registry],
    collect() {
      if (!poolUse) return;
      this.reset();
      for (const pool of poolUse()) {
        this.set({ store: pool.store, state: 'in_use' }, pool.inUse);
        this.set({ store: pool.store, state: 'idle' }, pool.idle);
      }
    },
  });
  return {
    readMqttConnectionsFrom: (source) => void (mqttConnections = source),
    readPoolUseFrom: (source) => void (poolUse = source),
  };
}
