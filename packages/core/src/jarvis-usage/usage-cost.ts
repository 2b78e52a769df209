import { priceOfModel } from '@facilflow/contracts';

/** Tokens of one model request, as the Messages API's `usage` reports them. */
export interface RequestTokens {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

const NANO_PER_USD = 1_000_000_000;

/**
 * What a request cost, in billionths of a US dollar: a price per million tokens is that many
 * thousand nano-dollars per token, so with prices of up to three decimals the sum is an exact
 * integer and month totals add up without rounding drift. Null for a model with no price.
 */
export function requestCostNanoUsd(model: string, tokens: RequestTokens): number | null {
  const price = priceOfModel(model);
  if (!price) return null;
  const perToken = (usdPerMillion: number) => Math.round(usdPerMillion * 1000);
  return (
    tokens.inputTokens * perToken(price.input) +
    tokens.outputTokens * perToken(price.output) +
    tokens.cacheReadTokens * perToken(price.cacheRead) +
    tokens.cacheWriteTokens * perToken(price.cacheWrite)
  );
}

export const nanoUsdToUsd = (nano: number): number => nano / NANO_PER_USD;

/** A dollar amount as stored: whole nano-dollars. */
export const usdToNanoUsd = (usd: number): number => Math.round(usd * NANO_PER_USD);

/** What a token budget counts: every token the request processed. */
export const tokensOf = (tokens: RequestTokens): number => tokens.inputTokens + tokens.outputTokens + tokens.cacheReadTokens + tokens.cacheWriteTokens;
