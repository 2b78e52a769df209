import type { Principal } from '@facilflow/contracts';
import type { Runtime } from '@facilflow/operations';
import type { CompletedCall } from './receipt-collector.ts';

const MAX_MEASUREMENTS = 5;

/**
 * The open quality issues of the measurements an answer used, fetched through the registry
 * as the person (front `jarvis`), so the receipt names the flags of the data it rests on
 * even when the model did not ask for them. Nothing when the person may not read quality.
 */
export async function qualityOfDataUsed(
  runtime: Runtime,
  principal: Principal,
  measurements: readonly string[],
  signal: AbortSignal,
): Promise<CompletedCall[]> {
  const allowed = runtime.available(principal).some((op) => op.name === 'quality.issues');
  if (!allowed) return [];
  const calls: CompletedCall[] = [];
  for (const measurement of measurements.slice(0, MAX_MEASUREMENTS)) {
    const input = { measurement, status: 'all', limit: 20 };
    try {
      const output = await runtime.invoke(principal, 'jarvis', 'quality.issues', input, signal);
      calls.push({ operation: 'quality.issues', input, outcome: 'ok', output });
    } catch {
      // A name the model read from SQL that is no measurement: no flags to report for it.
      continue;
    }
  }
  return calls;
}
