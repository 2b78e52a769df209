import type { PipelineProblem } from '@facilflow/contracts';
import type { z } from 'zod';

type ProblemPath = PipelineProblem['path'];

function hintFor(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return `accepted: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `remove ${issue.keys.join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_union':
      return 'discriminator' in issue && typeof issue.discriminator === 'string' ? `check "${issue.discriminator}"` : undefined;
    case 'invalid_format':
      return 'pattern' in issue && typeof issue.pattern === 'string' ? `must match ${issue.pattern}` : undefined;
    default:
      return undefined;
  }
}

/** A zod error as problems, each at its JSON path under `prefix`. */
export function zodProblems(error: z.ZodError, code: PipelineProblem['code'], prefix: ProblemPath = []): PipelineProblem[] {
  return error.issues.map((issue) => {
    const hint = hintFor(issue);
    const path = [...prefix, ...issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)))];
    return hint === undefined ? { code, path, message: issue.message } : { code, path, message: issue.message, hint };
  });
}
