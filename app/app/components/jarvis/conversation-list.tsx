import type { Conversation } from '@facilflow/contracts';
import { Form } from '@remix-run/react';

export function ConversationList({ conversations, selectedId }: { conversations: Conversation[]; selectedId: string | null }) {
  return (
    <aside className="card conversations">
      <h2>Conversations</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="createConversation" />
        <button type="submit" className="button primary small" data-testid="jarvis-new-conversation">
          New conversation
        </button>
      </Form>
      {conversations.length === 0 ? <p className="empty">None yet.</p> : null}
      <ul className="tenant-list">
        {conversations.map((conversation) => (
          <li key={conversation.id} data-testid="jarvis-conversation" data-selected={String(conversation.id === selectedId)}>
            {conversation.id === selectedId ? <strong>{conversation.title}</strong> : <a href={`/jarvis?c=${conversation.id}`}>{conversation.title}</a>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
