/**
 * What Jarvis's model requests cost: US dollars per million tokens, as Anthropic publishes
 * them (https://www.anthropic.com/pricing, standard API, no batch discount). Kept here, in the
 * repository, and never fetched: a price change is a reviewed commit. Cache write is the
 * 5-minute prompt-cache write. Requests above 200k input tokens, which some models bill at a
 * long-context premium, are priced at these rates: Jarvis bounds its history far below that.
 *
 * A model not in the table is metered in tokens with a cost of null, and a cost budget cannot
 * be enforced for it (Jarvis warns once a month, see docs/jarvis.md "Budgets and usage").
 */
export const MODEL_PRICES_USD_PER_MILLION_TOKENS = {
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-1': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-opus-4-0': { input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-0': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheWrite: 1, cacheRead: 0.08 },
} as const satisfies Record<string, ModelPrice>;

export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** Older Anthropic ids name a model without its minor version: claude-opus-4-20250514 is claude-opus-4-0. */
const UNVERSIONED_ALIASES: Record<string, string> = {
  'claude-opus-4': 'claude-opus-4-0',
  'claude-sonnet-4': 'claude-sonnet-4-0',
};

/**
 * The price of a model id as JARVIS_MODEL may give it: an alias (claude-sonnet-4-5), a dated
 * snapshot (claude-sonnet-4-5-20250929) or `-latest`; null for a model the table does not know.
 */
export function priceOfModel(model: string): ModelPrice | null {
  const base = model.trim().toLowerCase().replace(/-(\d{8}|latest)$/, '');
  const name = UNVERSIONED_ALIASES[base] ?? base;
  return Object.hasOwn(MODEL_PRICES_USD_PER_MILLION_TOKENS, name) ? MODEL_PRICES_USD_PER_MILLION_TOKENS[name as keyof typeof MODEL_PRICES_USD_PER_MILLION_TOKENS] : null;
}
