import { resolve } from 'node:path';
import { z } from 'zod';
import { ingestDecodeThreads } from './decode-threads.ts';

const port = z.coerce.number().int().min(0).max(65535);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const roles = ['web', 'mcp', 'ingest', 'worker', 'scheduler'] as const;

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  FACILFLOW_DATA_DIR: z.string().default('.facilflow'),
  FACILFLOW_OBJECTS_DIR: z.string().min(1).optional(),
  FACILFLOW_HOST: z.string().default('127.0.0.1'),
  /** The web/API server's interface; with the Auth emulator only this variable moves it off loopback. */
  FACILFLOW_HTTP_HOST: optionalString,
  FACILFLOW_HTTP_PORT: port.default(3000),
  /** The standalone MCP server's port (`facilflow-mcp --http`); the all-in-one server serves /mcp on the HTTP port. */
  FACILFLOW_MCP_PORT: port.default(3001),
  FACILFLOW_PUBLIC_URL: optionalString,
  /** Hosts served besides the public URL's and the loopback names, comma-separated: `name` (any port), `name:port`, or `*` for all. */
  FACILFLOW_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*|([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?)$/, 'must be comma-separated host names, host:port or *'))),
  /** Hosts pipeline stages may call (source.http-request, sink.webhook), comma-separated `name` or `name:port`; none by default. */
  FACILFLOW_PIPELINE_HTTP_HOSTS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?)$/, 'must be comma-separated host names or host:port'))),
  FACILFLOW_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  FACILFLOW_ROLES: z
    .string()
    .default(roles.join(','))
    .transform((v) => v.split(',').map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(roles)).min(1)),
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  TENANT_DIRECTORY: z.enum(['postgres', 'firestore']).default('postgres'),
  FIREBASE_PROJECT_ID: optionalString,
  FIREBASE_WEB_API_KEY: optionalString,
  FIREBASE_AUTH_EMULATOR_HOST: optionalString,
  FIRESTORE_EMULATOR_HOST: optionalString,
  FACILFLOW_AUTH_EMULATOR_PORT: port.default(9099),
  MQTT_URL: optionalString.pipe(z.string().regex(/^mqtts?:\/\//, 'must be an mqtt:// or mqtts:// URL').optional()),
  MQTT_USERNAME: optionalString,
  MQTT_PASSWORD: optionalString,
  MQTT_ADMIN_USERNAME: optionalString,
  MQTT_ADMIN_PASSWORD: optionalString,
  /** The embedded broker's port; 1883 is left to a real broker on the same machine. */
  FACILFLOW_MQTT_PORT: port.default(1884),
  /** What agents are told to connect to, when it differs from where the server connects. */
  FACILFLOW_MQTT_PUBLIC_URL: optionalString,
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional()),
  /** Every key and channel FacilFlow uses in Redis starts with this: deployments sharing one Redis stay apart. */
  FACILFLOW_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:-]{1,64}$/, 'letters, digits, _ - and : only').default('facilflow:'),
  INFLUX_HOST: optionalString.pipe(z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').optional()),
  INFLUX_TOKEN: optionalString,
  /** Each tenant gets the database `<prefix><tenantId>`. */
  INFLUX_DATABASE_PREFIX: z.string().regex(/^[a-z0-9_-]*$/).default('facilflow_'),
  /** `npm start` plays the demo plant (an OPC UA simulator read by an enrolled agent); default on, except in production. */
  FACILFLOW_DEMO_PLANT: z.enum(['on', 'off']).optional(),
  FACILFLOW_DEMO_OPCUA_PORT: port.default(4840),
  /** A telemetry query's result stops (truncated, reason `bytes`) before its JSON passes this many bytes. */
  FACILFLOW_QUERY_MAX_BYTES: z.coerce.number().int().min(1024).default(8 * 1024 * 1024),
  /** Telemetry reads one tenant runs at once; more wait in a queue of FACILFLOW_QUERY_QUEUE, then are refused. */
  FACILFLOW_QUERY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  FACILFLOW_QUERY_QUEUE: z.coerce.number().int().min(0).max(1000).default(16),
  /** Tenants one person may own or belong to; creating one more is refused. */
  FACILFLOW_TENANTS_PER_USER: z.coerce.number().int().min(1).default(10),
  /** Operations one API key may call per minute on the remote fronts (REST, MCP, tRPC); a token bucket per key and per node. */
  FACILFLOW_API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Size of a tenant's embedded DuckDB file (with its WAL) past which writes are refused. */
  FACILFLOW_TENANT_STORAGE_BYTES: z.coerce.number().int().min(1024 * 1024).default(10 * 1024 ** 3),
  /** OpenTelemetry's standard variable: the OTLP/HTTP collector traces are sent to (`<url>/v1/traces`); unset, nothing is traced. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString.pipe(z.string().regex(/^https?:\/\//, 'must be an http(s):// URL').optional()),
  FACILFLOW_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Worker threads that decode telemetry off the ingest thread: a number (0: on it) or `auto` (0 below 4 cores, else half of them). */
  FACILFLOW_INGEST_DECODE_THREADS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]).default('auto'),
  /** SIGTERM/SIGINT: how long the server may take to finish what it holds before it gives up and exits 1. */
  FACILFLOW_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(20_000),
  /** The cluster this process's run worker registers in; fair share counts runs per cluster. */
  FACILFLOW_WORKER_CLUSTER: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower case letters, digits, _ and -').default('default'),
  /** What the run worker carries, `name=value` comma-separated, e.g. `site=plant1,gpu=false`; a pipeline's placement.labels must be among them. */
  FACILFLOW_WORKER_LABELS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((pair) => pair.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}=[^=,]{1,128}$/, 'must be comma-separated name=value pairs (names lower case)')))
    .transform((pairs) => Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))),
  /** Runs the run worker executes at once. */
  FACILFLOW_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  /** How often the run worker heartbeats; three missed and it is lost, its runs taken over by others. */
  FACILFLOW_WORKER_HEARTBEAT_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** The tenant whose owners and admins operate the deployment: only they may drain run workers (workers.drain). */
  FACILFLOW_OPERATOR_TENANT: optionalString,
});

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export interface Config {
  env: 'development' | 'test' | 'production';
  dataDir: string;
  /** `allowedHosts`: what FACILFLOW_ALLOWED_HOSTS adds to the Host/Origin allow-list. */
  http: { host: string; port: number; publicUrl: string; mcpPort: number; allowedHosts: readonly string[] };
  roles: ReadonlyArray<(typeof roles)[number]>;
  secret: string | undefined;
  database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
  directory: 'postgres' | 'firestore';
  redis: { url: string; prefix: string } | undefined;
  /** Where pipeline stages may send HTTP requests. */
  pipelines: { httpHosts: readonly string[] };
  /** Object storage (pipeline exports): files under `dir`, one folder per tenant. */
  objects: { kind: 'local'; dir: string };
  timeseries: { kind: 'duckdb'; dir: string } | { kind: 'influxdb3'; host: string; token: string; databasePrefix: string };
  mqtt:
    | { kind: 'embedded'; host: string; port: number; publicUrl: string | undefined }
    | {
        kind: 'external';
        url: string;
        service: { username: string; password: string };
        admin: { username: string; password: string };
        publicUrl: string | undefined;
      };
  /** What `npm start` adds for a newcomer: the demo plant on an OPC UA port of this machine. */
  demo: { plant: boolean; opcuaPort: number };
  /** Bounds no tenant can pass, whatever it asks for. */
  limits: {
    query: { maxResultBytes: number; maxConcurrentQueries: number; maxQueuedQueries: number };
    tenantsPerUser: number;
    /** Operation calls per minute per API key on the remote fronts, counted in each process. */
    apiKeyRequestsPerMinute: number;
    /** DuckDB only; InfluxDB 3 quotas are the server's. */
    tenantStorageBytes: number;
  };
  /** Traces go to `otlpEndpoint` when set; logs are JSON lines on stdout at `logLevel` and up. */
  observability: { otlpEndpoint: string | undefined; logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent' };
  /** `decodeThreads`: worker threads decoding telemetry messages (0: on the ingest thread). */
  ingest: { decodeThreads: number };
  /** On a stop signal: in-flight work gets `timeoutMs` to finish, then the process exits 1 naming what was still open. */
  shutdown: { timeoutMs: number };
  /** This process's run worker: where it registers, what it carries, how much it runs; and who may drain workers. */
  workers: { cluster: string; labels: Record<string, string>; concurrency: number; heartbeatMs: number; operatorTenantId: string | undefined };
  firebase: {
    projectId: string;
    webApiKey: string;
    /** Emulator mode: tokens are unsigned, so it is only allowed for demo-* projects. */
    emulator: { host: string } | undefined;
    firestoreEmulatorHost: string | undefined;
  };
}

const DEMO_PROJECT = 'demo-facilflow';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'is invalid');
  }
  const e = parsed.data;
  const dataDir = resolve(e.FACILFLOW_DATA_DIR);
  const projectId = e.FIREBASE_PROJECT_ID ?? DEMO_PROJECT;
  const production = !projectId.startsWith('demo-');
  if (production && e.FIREBASE_AUTH_EMULATOR_HOST) {
    throw new ConfigError(
      'FIREBASE_AUTH_EMULATOR_HOST',
      `is set while FIREBASE_PROJECT_ID=${projectId} is a real project; emulator tokens are unsigned and are refused in production`,
    );
  }
  if (production && !e.FIREBASE_WEB_API_KEY) {
    throw new ConfigError('FIREBASE_WEB_API_KEY', `is required when FIREBASE_PROJECT_ID=${projectId} is a real project`);
  }
  if (e.NODE_ENV === 'production' && !e.FACILFLOW_SECRET) {
    throw new ConfigError('FACILFLOW_SECRET', 'is required in production (signs confirmation tokens)');
  }
  if (e.TENANT_DIRECTORY === 'firestore' && !production && !e.FIRESTORE_EMULATOR_HOST) {
    throw new ConfigError('FIRESTORE_EMULATOR_HOST', 'is required for TENANT_DIRECTORY=firestore with a demo project');
  }
  if (e.MQTT_URL) {
    for (const name of ['MQTT_USERNAME', 'MQTT_PASSWORD', 'MQTT_ADMIN_USERNAME', 'MQTT_ADMIN_PASSWORD'] as const) {
      if (!e[name]) throw new ConfigError(name, 'is required with MQTT_URL (service and dynamic-security admin credentials)');
    }
  }
  if (e.INFLUX_HOST && !e.INFLUX_TOKEN) throw new ConfigError('INFLUX_TOKEN', 'is required with INFLUX_HOST');
  const emulatorHost = production
    ? undefined
    : (e.FIREBASE_AUTH_EMULATOR_HOST ?? `127.0.0.1:${e.FACILFLOW_AUTH_EMULATOR_PORT}`);
  // Emulator tokens are unsigned: whoever reaches the server can sign in as anyone, so the
  // general FACILFLOW_HOST does not expose it; only an explicit FACILFLOW_HTTP_HOST does.
  const httpHost = e.FACILFLOW_HTTP_HOST ?? (emulatorHost ? '127.0.0.1' : e.FACILFLOW_HOST);
  const publicUrl = e.FACILFLOW_PUBLIC_URL ?? `http://${httpHost}:${e.FACILFLOW_HTTP_PORT}`;
  return {
    env: e.NODE_ENV,
    dataDir,
    http: { host: httpHost, port: e.FACILFLOW_HTTP_PORT, publicUrl, mcpPort: e.FACILFLOW_MCP_PORT, allowedHosts: e.FACILFLOW_ALLOWED_HOSTS },
    roles: e.FACILFLOW_ROLES,
    secret: e.FACILFLOW_SECRET,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dir: resolve(dataDir, 'pglite') },
    directory: e.TENANT_DIRECTORY,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.FACILFLOW_REDIS_PREFIX } : undefined,
    pipelines: { httpHosts: e.FACILFLOW_PIPELINE_HTTP_HOSTS },
    objects: { kind: 'local', dir: resolve(e.FACILFLOW_OBJECTS_DIR ?? resolve(dataDir, 'objects')) },
    timeseries: e.INFLUX_HOST
      ? { kind: 'influxdb3', host: e.INFLUX_HOST, token: e.INFLUX_TOKEN ?? '', databasePrefix: e.INFLUX_DATABASE_PREFIX }
      : { kind: 'duckdb', dir: resolve(dataDir, 'timeseries') },
    mqtt: e.MQTT_URL
      ? {
          kind: 'external',
          url: e.MQTT_URL,
          service: { username: e.MQTT_USERNAME ?? '', password: e.MQTT_PASSWORD ?? '' },
          admin: { username: e.MQTT_ADMIN_USERNAME ?? '', password: e.MQTT_ADMIN_PASSWORD ?? '' },
          publicUrl: e.FACILFLOW_MQTT_PUBLIC_URL,
        }
      : { kind: 'embedded', host: e.FACILFLOW_HOST, port: e.FACILFLOW_MQTT_PORT, publicUrl: e.FACILFLOW_MQTT_PUBLIC_URL },
    demo: { plant: (e.FACILFLOW_DEMO_PLANT ?? (e.NODE_ENV === 'production' ? 'off' : 'on')) === 'on', opcuaPort: e.FACILFLOW_DEMO_OPCUA_PORT },
    limits: {
      query: { maxResultBytes: e.FACILFLOW_QUERY_MAX_BYTES, maxConcurrentQueries: e.FACILFLOW_QUERY_CONCURRENCY, maxQueuedQueries: e.FACILFLOW_QUERY_QUEUE },
      tenantsPerUser: e.FACILFLOW_TENANTS_PER_USER,
      apiKeyRequestsPerMinute: e.FACILFLOW_API_KEY_REQUESTS_PER_MINUTE,
      tenantStorageBytes: e.FACILFLOW_TENANT_STORAGE_BYTES,
    },
    observability: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, logLevel: e.FACILFLOW_LOG_LEVEL },
    ingest: { decodeThreads: ingestDecodeThreads(e.FACILFLOW_INGEST_DECODE_THREADS) },
    shutdown: { timeoutMs: e.FACILFLOW_SHUTDOWN_TIMEOUT_MS },
    workers: {
      cluster: e.FACILFLOW_WORKER_CLUSTER,
      labels: e.FACILFLOW_WORKER_LABELS,
      concurrency: e.FACILFLOW_WORKER_CONCURRENCY,
      heartbeatMs: e.FACILFLOW_WORKER_HEARTBEAT_MS,
      operatorTenantId: e.FACILFLOW_OPERATOR_TENANT,
    },
    firebase: {
      projectId,
      webApiKey: e.FIREBASE_WEB_API_KEY ?? 'demo-api-key',
      emulator: emulatorHost ? { host: emulatorHost } : undefined,
      firestoreEmulatorHost: e.FIRESTORE_EMULATOR_HOST,
    },
  };
}
