import type { ConversationMessage } from '@facilflow/contracts';
import { ReceiptView } from './receipt-view.tsx';
import { ToolSteps } from './tool-steps.tsx';

/** A message as the conversation keeps it: text, tool calls with their trimmed results, receipt. */
export function StoredMessage({ message }: { message: ConversationMessage }) {
  const steps = message.toolCalls.map((call) => ({ id: call.id, tool: call.tool, input: call.input, outcome: { isError: call.isError, summary: call.result } }));
  return (
    <li className={`message ${message.role}`} data-testid="jarvis-message" data-role={message.role}>
      <ToolSteps steps={steps} />
      {message.text ? <p className="answer-text">{message.text}</p> : null}
      {message.receipt ? <ReceiptView receipt={message.receipt} /> : null}
    </li>
  );
}
