import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Operation, ProgressReporter } from '../../define-operation.ts';

/** The calls that may take long enough for a client to want to hear how far they are. */
const LONG_RUNNING = new Set(['telemetry.query', 'pipelines.run', 'pipelines.backfill']);

export function isLongRunning(op: Operation): boolean {
  return LONG_RUNNING.has(op.name);
}

/**
 * notifications/progress for a long-running call whose request carried a progressToken: one
 * when it starts, then one per report of the operation. The spec wants progress to grow, so
 * a report that does not is dropped; a notification that cannot be sent never fails the call.
 */
export function progressNotifier(op: Operation, extra: RequestHandlerExtra<ServerRequest, ServerNotification>): ProgressReporter | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined || !isLongRunning(op)) return undefined;
  let last = -1;
  const report: ProgressReporter = ({ progress, total, message }) => {
    if (progress <= last) return;
    last = progress;
    const params = { progressToken, progress, ...(total === undefined ? {} : { total }), ...(message === undefined ? {} : { message }) };
    extra.sendNotification({ method: 'notifications/progress', params }).catch((error: unknown) => console.error('[mcp] a progress notification failed:', error));
  };
  report({ progress: 0, message: `${op.name} started` });
  return report;
}
