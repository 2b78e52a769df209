import type { JarvisStreamEvent } from '@facilflow/contracts';
import { ProblemMessage } from '../problem-message.tsx';
import { ConfirmationCard } from './confirmation-card.tsx';
import { ReceiptView } from './receipt-view.tsx';
import { ToolSteps, type ToolStep } from './tool-steps.tsx';

export interface LiveTurn {
  key: string;
  question: string;
  events: JarvisStreamEvent[];
  /** A refusal before the answer started, or a failure of the connection. */
  failure: { code: string; message: string } | null;
}

function stepsOf(events: JarvisStreamEvent[]): ToolStep[] {
  const steps: ToolStep[] = [];
  for (const event of events) {
    if (event.type === 'tool_call') steps.push({ id: event.id, tool: event.tool, input: event.input, outcome: null });
    if (event.type === 'tool_result') {
      const step = steps.find((candidate) => candidate.id === event.id);
      if (step) step.outcome = { isError: event.isError, summary: event.summary };
    }
  }
  return steps;
}

/** The message being answered, rendered from the events streamed so far. */
export function LiveTurnView({ turn }: { turn: LiveTurn }) {
  const text = turn.events.map((event) => (event.type === 'text' ? event.text : '')).join('');
  const receipt = turn.events.find((event) => event.type === 'receipt');
  const finished = turn.failure !== null || turn.events.some((event) => event.type === 'done' || event.type === 'error');
  return (
    <>
      <li className="message user">{turn.question}</li>
      <li className="message assistant" data-testid="jarvis-answer" data-finished={String(finished)}>
        <ToolSteps steps={stepsOf(turn.events)} />
        {turn.events.map((event, index) => (event.type === 'proposal' ? <ConfirmationCard key={index} proposal={event} /> : null))}
        {turn.events.map((event, index) =>
          event.type === 'budget_warning' ? (
            <p key={index} className="muted" role="status" data-testid="jarvis-budget-warning">
              {event.message}
            </p>
          ) : null,
        )}
        {text ? <p className="answer-text" data-testid="jarvis-answer-text">{text}</p> : finished ? null : <p className="muted">Thinking…</p>}
        {turn.events.map((event, index) => (event.type === 'error' ? <ProblemMessage key={index} problem={{ code: 'INTERNAL', message: `${event.code}: ${event.message}` }} /> : null))}
        {turn.failure ? <ProblemMessage problem={{ code: 'UNAVAILABLE', message: turn.failure.message }} /> : null}
        {receipt ? <ReceiptView receipt={receipt.receipt} /> : null}
      </li>
    </>
  );
}
