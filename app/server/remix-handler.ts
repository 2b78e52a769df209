import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageDirOf, type Config } from '@facilflow/config';
import { createRequestHandler, type GetLoadContextFunction } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import express, { type Router } from 'express';

const APP_DIR = packageDirOf(import.meta.url);
const BUILD_DIR = join(APP_DIR, 'build');

export interface RemixMount {
  router: Router;
  close(): Promise<void>;
}

/**
 * Production serves the output of `remix vite:build`; development and tests compile the
 * app on demand with Vite in middleware mode, inside this server.
 */
export async function mountRemix(config: Config, httpServer: Server, getLoadContext: GetLoadContextFunction): Promise<RemixMount> {
  return config.env === 'production' ? mountBuild(getLoadContext) : mountVite(config, httpServer, getLoadContext);
}

async function mountBuild(getLoadContext: GetLoadContextFunction): Promise<RemixMount> {
  const serverEntry = join(BUILD_DIR, 'server', 'index.js');
  if (!existsSync(serverEntry)) {
    throw new Error(`The web app is not built (${serverEntry} is missing): run "npm run build -w @facilflow/app" first`);
  }
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
  const router = express.Router();
  // Vite puts content hashes in these file names, so they never change.
  router.use('/assets', express.static(join(BUILD_DIR, 'client', 'assets'), { immutable: true, maxAge: '1y' }));
  router.use(express.static(join(BUILD_DIR, 'client'), { maxAge: '1h' }));
  router.all('*', createRequestHandler({ build, getLoadContext, mode: 'production' }));
  return { router, close: async () => undefined };
}

async function mountVite(config: Config, httpServer: Server, getLoadContext: GetLoadContextFunction): Promise<RemixMount> {
  // Imported here only: Vite is a development dependency.
  const { createServer } = await import('vite');
  const development = config.env === 'development';
  const stopListeners = new Set(process.listeners('SIGTERM'));
  const vite = await createServer({
    root: APP_DIR,
    configFile: join(APP_DIR, 'vite.config.ts'),
    // Per data dir, so parallel servers (tests, a second checkout) never share an optimizer cache. Vite
    // treats files under a node_modules folder as third-party code, which pre-bundled dependencies are.
    cacheDir: join(config.dataDir, 'web', 'node_modules', '.vite'),
    appType: 'custom',
    // Closing while dependencies are being pre-bundled (tests, an early Ctrl-C) makes esbuild print a
    // cancellation as an error; genuine failures still reach Vite's own log.
    optimizeDeps: { esbuildOptions: { logLevel: 'silent' } },
    clearScreen: false,
    logLevel: development ? 'info' : 'warn',
    server: {
      middlewareMode: true,
      // HMR shares this server's port instead of opening Vite's fixed default one (the page's
      // Vite client connects even when nothing is watched, as in tests).
      hmr: { server: httpServer },
      watch: development ? {} : null,
      allowedHosts: [new URL(config.http.publicUrl).hostname],
    },
  });
  // Vite exits the process on SIGTERM (code 143) as soon as its own server is closed, cutting short
  // the graceful stop that finishes in-flight calls and telemetry: the server's handler closes Vite in turn.
  for (const listener of process.listeners('SIGTERM')) if (!stopListeners.has(listener)) process.off('SIGTERM', listener);
  const router = express.Router();
  router.use(vite.middlewares);
  router.all(
    '*',
    createRequestHandler({
      build: () => vite.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
      getLoadContext,
      mode: 'development',
    }),
  );
  return { router, close: () => vite.close() };
}
