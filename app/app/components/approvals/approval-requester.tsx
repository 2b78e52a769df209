import type { ApprovalRequester } from '@facilflow/contracts';

/** Who asked: the person or key, through which front, in which conversation. */
export function ApprovalRequesterText({ requester }: { requester: ApprovalRequester }) {
  const who = requester.label ?? requester.actorId;
  return (
    <span data-testid="approval-requester">
      {requester.apiKeyId ? `key ${who}` : who} <span className="muted">via {requester.front}</span>
      {requester.conversationId ? (
        <>
          {' '}
          <span className="muted">in</span> <code>{requester.conversationId}</code>
        </>
      ) : null}
    </span>
  );
}
