import type { Usage } from '@anthropic-ai/sdk/resources/messages';
import { FacilFlowError, type JarvisStreamEvent, type TenantScope } from '@facilflow/contracts';
import { checkJarvisBudget, recordJarvisUsage, type Services } from '@facilflow/core';

/**
 * Meters one turn against the tenant's monthly budget: `admit` before a model request (it
 * emits the warnings due and answers the refusal when a limit is used up), `record` after each
 * response with the tokens the Messages API reported.
 */
export interface TurnMeter {
  admit(): Promise<FacilFlowError | null>;
  record(usage: Usage): Promise<void>;
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
      const check = await checkJarvisBudget(services, scope, { model, conversationId });
      for (const warning of check.warnings) emit({ type: 'budget_warning', ...warning });
      return check.exhausted ? new FacilFlowError('RATE_LIMITED', check.exhausted.message, check.exhausted.details) : null;
    },
    async record(usage) {
      await recordJarvisUsage(services, scope, {
        conversationId,
        model,
        inputTokens: usage.input_tokens ?? 0,
        outputTokens: usage.output_tokens ?? 0,
        cacheReadTokens: usage.cache_read_input_tokens ?? 0,
        cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
      });
    },
  };
}
