import type { Usage } from '@anthropic-ai/sdk/resources/messages';
import { FacilFlowError, isFacilFlowError, type JarvisStreamEvent, type TenantScope } from '@facilflow/contracts';
import { checkJarvisBudget, recordJarvisUsage, type Services } from '@facilflow/core';
import { formatErrorForLog } from '@facilflow/operations';

/**
 * Meters one turn against the tenant's monthly budget: `admit` before a model request (it
 * emits the warnings due and answers the refusal when a limit is used up), `record` after each
 * response with the tokens the Messages API reported.
 */
export interface TurnMeter {
  admit(): Promise<FacilFlowError | null>;
  record(usage: Usage): Promise<void>;
}

/** A store failure while metering is Jarvis's own, not the model's: said so, rather than "the model could not be reached". */
async function metering<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isFacilFlowError(error)) throw error;
    // The store's own words stay in the log: they may quote SQL.
    console.error(`[jarvis] could not ${what}: ${formatErrorForLog(error)}`);
    throw new FacilFlowError('UNAVAILABLE', `Jarvis could not ${what}; try again shortly`);
  }
}

export function createTurnMeter(deps: {
  services: Services;
  scope: TenantScope;
  model: string;
  conversationId: string;
  emit(event: JarvisStreamEvent): void;
}): TurnMeter {
  const { services, scope, model, conversationId, emit } = deps;
  return {
    async admit() {
      const check = await metering('check its budget', () => checkJarvisBudget(services, scope, { model, conversationId }));
      for (const warning of check.warnings) emit({ type: 'budget_warning', ...warning });
      return check.exhausted ? new FacilFlowError('RATE_LIMITED', check.exhausted.message, check.exhausted.details) : null;
    },
    async record(usage) {
      await metering('record its usage', () => recordJarvisUsage(services, scope, {
        conversationId,
        model,
        inputTokens: usage.input_tokens ?? 0,
        outputTokens: usage.output_tokens ?? 0,
        cacheReadTokens: usage.cache_read_input_tokens ?? 0,
        cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
      }));
    },
  };
}
