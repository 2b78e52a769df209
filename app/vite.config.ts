import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

// The web app's server code runs FacilFlow's packages from their TypeScript sources in development (the
// `facilflow-source` export condition), like the tests; the production bundle takes the same sources.
const SOURCE_CONDITIONS = ['facilflow-source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions: ['facilflow-source', 'browser', 'module', 'development|production'] },
  ssr: { resolve: { conditions: SOURCE_CONDITIONS, externalConditions: ['facilflow-source'] } },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  optimizeDeps: {
    // Listed up front so the first page load never finds a new dependency and reloads itself.
    include: ['firebase/app', 'firebase/auth', '@trpc/client', 'zod'],
    // Routes import it for loaders and actions only, which the browser build drops.
    exclude: ['@remix-run/node'],
  },
});
