// The direction of imports (docs/architecture.md, "Import direction"), checked by ESLint in
// the test command: fronts → operations (+ platform to compose) → core → adapters;
// contracts under everything; the edge agent on contracts alone. A forbidden import fails lint.
const pkg = (...names) => names.flatMap((name) => [`@facilflow/${name}`, `@facilflow/${name}/*`]);
const ADAPTERS = ['db', 'auth', 'messaging', 'timeseries', 'ingest', 'pipelines', 'storage'];
const FRONTS = ['app', 'mcp-server', 'cli'];

const forbid = (files, names, why) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: pkg(...names), message: why }] }] },
});

export const importRules = [
  forbid(
    ['app/app/**/*.{ts,tsx}', 'app/server/**/*.ts', 'mcp-server/src/**/*.ts', 'packages/cli/src/**/*.ts', 'scripts/start/**/*.ts'],
    ['core', ...ADAPTERS],
    'A front reaches FacilFlow through @facilflow/contracts, @facilflow/operations and @facilflow/platform only.',
  ),
  forbid(['packages/operations/src/**/*.ts'], ['platform', 'ingest', ...FRONTS], 'Operations sit under the fronts and beside the composition root: they take services, never compose them.'),
  forbid(
    ['packages/jarvis/src/**/*.ts'],
    ['platform', ...ADAPTERS, ...FRONTS],
    'Jarvis is a front over the registry: operations for every call, core for its own conversation records, never the composition root or an adapter.',
  ),
  forbid(['packages/core/src/**/*.ts'], ['operations', 'platform', 'ingest', ...FRONTS], 'Core holds domain functions over ports: it never reaches up to operations, the composition root or a front.'),
  forbid(
    ['packages/{db,auth,messaging,timeseries,config,observability,pipelines,storage}/src/**/*.ts'],
    ['core', 'operations', 'platform', 'ingest', ...FRONTS],
    'Adapters know nothing of the domain above them.',
  ),
  {
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@facilflow/*', 'node:*'], message: 'Contracts are shared by every side, the browser included: no other package and no Node built-in.' }] },
      ],
    },
  },
  {
    files: ['agent/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@facilflow/*', '!@facilflow/contracts', '!@facilflow/contracts/*'], message: 'The edge agent runs at the plant with nothing of the platform: @facilflow/contracts only.' }] },
      ],
    },
  },
];
