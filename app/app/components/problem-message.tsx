import type { Problem } from '../lib/operation-types.ts';

export function ProblemMessage({ problem }: { problem: Pick<Problem, 'code' | 'message'> }) {
  return (
    <p className="problem" role="alert" data-testid="operation-error" data-code={problem.code}>
      {problem.message}
    </p>
  );
}
