import { MODEL_PRICES_USD_PER_MILLION_TOKENS, priceOfModel } from '@facilflow/contracts';
import { nanoUsdToUsd, requestCostNanoUsd, tokensOf, usdToNanoUsd } from '@facilflow/core';
import { describe, expect, it } from 'vitest';

const million = { inputTokens: 1_000_000, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

describe('the cost of a model request', () => {
  it('prices each kind of token at its own rate per million', () => {
    expect(nanoUsdToUsd(requestCostNanoUsd('claude-sonnet-4-5', million)!)).toBe(3);
    expect(nanoUsdToUsd(requestCostNanoUsd('claude-sonnet-4-5', { ...million, inputTokens: 0, outputTokens: 1_000_000 })!)).toBe(15);
    expect(nanoUsdToUsd(requestCostNanoUsd('claude-sonnet-4-5', { ...million, inputTokens: 0, cacheReadTokens: 1_000_000 })!)).toBe(0.3);
    expect(nanoUsdToUsd(requestCostNanoUsd('claude-sonnet-4-5', { ...million, inputTokens: 0, cacheWriteTokens: 1_000_000 })!)).toBe(3.75);
    expect(nanoUsdToUsd(requestCostNanoUsd('claude-opus-4-1', { inputTokens: 1_000, outputTokens: 200, cacheReadTokens: 500, cacheWriteTokens: 300 })!)).toBeCloseTo(
      (1_000 * 15 + 200 * 75 + 500 * 1.5 + 300 * 18.75) / 1e6,
      12,
    );
  });

  it('is an exact integer of nano-dollars, so totals add up without drift', () => {
    const one = requestCostNanoUsd('claude-haiku-4-5', { inputTokens: 7, outputTokens: 3, cacheReadTokens: 11, cacheWriteTokens: 13 })!;
    expect(Number.isInteger(one)).toBe(true);
    expect(one).toBe(7 * 1_000 + 3 * 5_000 + 11 * 100 + 13 * 1_250);
    expect(Array.from({ length: 1_000 }, () => one).reduce((a, b) => a + b, 0)).toBe(one * 1_000);
  });

  it('knows dated snapshots and -latest of a priced model, and every price in the table is exact in nano-dollars', () => {
    expect(priceOfModel('claude-sonnet-4-5-20250929')).toEqual(priceOfModel('claude-sonnet-4-5'));
    expect(priceOfModel('claude-opus-4-20250514')).toEqual(priceOfModel('claude-opus-4-0'));
    expect(priceOfModel('claude-3-5-haiku-latest')).toEqual(priceOfModel('claude-3-5-haiku'));
    for (const price of Object.values(MODEL_PRICES_USD_PER_MILLION_TOKENS)) {
      for (const rate of Object.values(price)) expect(Number.isInteger(Math.round(rate * 1_000 * 1e6) / 1e6)).toBe(true);
    }
  });

  it('is null for a model the table does not know: its tokens still count', () => {
    const tokens = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 2, cacheWriteTokens: 1 };
    expect(requestCostNanoUsd('claude-experimental-9', tokens)).toBeNull();
    expect(priceOfModel('constructor')).toBeNull();
    expect(tokensOf(tokens)).toBe(18);
  });

  it('stores dollar limits as whole nano-dollars', () => {
    expect(usdToNanoUsd(12.5)).toBe(12_500_000_000);
    expect(usdToNanoUsd(0.1 + 0.2)).toBe(300_000_000);
  });
});
