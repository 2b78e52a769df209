import { FacilFlowError } from '@facilflow/contracts';
import { z } from 'zod';

/** A current, capable model for tool use; JARVIS_MODEL picks another. */
export const DEFAULT_JARVIS_MODEL = 'claude-sonnet-4-6';

export interface JarvisConfig {
  /** Null: Jarvis answers that it is not configured, and everything else in FacilFlow works. */
  apiKey: string | null;
  /** The Messages API's origin; null for Anthropic's. Tests point it at the fake server. */
  baseUrl: string | null;
  model: string;
  /** Model requests per message: bounds a tool loop that would not end. */
  maxTurns: number;
  /** Failed queries a message may retry before Jarvis has to explain the error instead. */
  maxQueryRetries: number;
  /** Bytes of one tool result the model sees; the rest is replaced by a note on how to fetch it. */
  resultBudgetBytes: number;
  maxOutputTokens: number;
  /** Bytes of earlier turns' tool calls (inputs and results) resent as history, newest first; older calls are left out. */
  historyToolBytes: number;
}

const positiveInt = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

const envSchema = z.object({
  ANTHROPIC_API_KEY: z.string().trim().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url().optional(),
  JARVIS_MODEL: z.string().trim().min(1).max(200).default(DEFAULT_JARVIS_MODEL),
  JARVIS_MAX_TURNS: positiveInt(8, 50),
  JARVIS_MAX_QUERY_RETRIES: positiveInt(3, 10),
  JARVIS_RESULT_BUDGET_BYTES: z.coerce.number().int().min(512).max(200_000).default(8_000),
  JARVIS_MAX_OUTPUT_TOKENS: positiveInt(4_096, 64_000),
  JARVIS_HISTORY_TOOL_BYTES: z.coerce.number().int().min(0).max(400_000).default(24_000),
});

export function loadJarvisConfig(env: Record<string, string | undefined> = process.env): JarvisConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(blankless);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Jarvis configuration is invalid: ${problems}`);
  }
  const e = parsed.data;
  return {
    apiKey: e.ANTHROPIC_API_KEY ?? null,
    baseUrl: e.ANTHROPIC_BASE_URL ?? null,
    model: e.JARVIS_MODEL,
    maxTurns: e.JARVIS_MAX_TURNS,
    maxQueryRetries: e.JARVIS_MAX_QUERY_RETRIES,
    resultBudgetBytes: e.JARVIS_RESULT_BUDGET_BYTES,
    maxOutputTokens: e.JARVIS_MAX_OUTPUT_TOKENS,
    historyToolBytes: e.JARVIS_HISTORY_TOOL_BYTES,
  };
}

export const NOT_CONFIGURED_MESSAGE = 'Jarvis is not configured: set ANTHROPIC_API_KEY (and optionally ANTHROPIC_BASE_URL, JARVIS_MODEL)';

export function notConfigured(): FacilFlowError {
  return new FacilFlowError('UNAVAILABLE', NOT_CONFIGURED_MESSAGE);
}
