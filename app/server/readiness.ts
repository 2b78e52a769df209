import { checkReadiness, platformChecks, serviceChecks, type DependencyCheck, type Platform } from '@facilflow/platform';
import type { Runtime } from '@facilflow/operations';
import type { RequestHandler } from 'express';

/**
 * `/readyz`: whether this process can serve, asked of each dependency it uses (a supervisor
 * or load balancer stops routing on 503). `/healthz` stays "the process is up": a failed
 * dependency is no reason to restart a healthy process, a dead database engine is (see main.ts).
 */
export function serverReadinessChecks(runtime: Runtime, platform: Platform | undefined): DependencyCheck[] {
  return platform ? platformChecks(platform) : serviceChecks(runtime.services);
}

export function readinessRoute(checks: readonly DependencyCheck[]): RequestHandler {
  return (_req, res, next) => {
    checkReadiness(checks).then((report) => {
      res.status(report.ready ? 200 : 503).set('cache-control', 'no-store').json(report);
    }, next);
  };
}
