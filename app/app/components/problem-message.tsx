import type { Problem } from '../lib/operation-result.ts';

export function ProblemMessage({ problem }: { problem: Pick<Problem, 'code' | 'message'> }) {
  return (
    <p className="problem" role="alert" data-testid="operation-error" data-code={problem.code}>
      {problem.message}
    </p>
  );
}
