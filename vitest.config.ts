import { defineConfig } from 'vitest/config';

// Tests run the TypeScript sources: packages resolve through their `facilflow-source` export condition, not their dist/ builds.
const SOURCE_CONDITIONS = ['facilflow-source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: SOURCE_CONDITIONS },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: ['facilflow-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'mcp-server/test/**/*.test.ts', 'functions/test/**/*.test.ts', 'app/test/**/*.test.ts', 'agent/test/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
