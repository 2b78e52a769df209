import type { ConversationMessage } from '@facilflow/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { JarvisRefusal, sendJarvisMessage } from '../../lib/jarvis-stream.client.ts';
import { useSettings } from '../../lib/settings.ts';
import { LiveTurnView, type LiveTurn } from './live-turn.tsx';
import { StoredMessage } from './stored-message.tsx';

/** One conversation: what it kept, the answers streamed since the page opened, and the box to write in. */
export function JarvisPanel({ conversationId, messages }: { conversationId: string; messages: ConversationMessage[] }) {
  const { firebase } = useSettings();
  const [turns, setTurns] = useState<LiveTurn[]>([]);
  const [busy, setBusy] = useState(false);
  // Until React runs, a submit would be a plain form post of the message to this page.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  const update = (key: string, change: (turn: LiveTurn) => LiveTurn) => setTurns((all) => all.map((turn) => (turn.key === key ? change(turn) : turn)));

  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (!text) return;
    const key = `${Date.now()}-${turns.length}`;
    setTurns((all) => [...all, { key, question: text, events: [], failure: null }]);
    setBusy(true);
    form.reset();
    try {
      await sendJarvisMessage(firebase, conversationId, { text, page: { path: window.location.pathname, title: document.title } }, (streamed) =>
        update(key, (turn) => ({ ...turn, events: [...turn.events, streamed] })),
      );
    } catch (error) {
      const failure = error instanceof JarvisRefusal ? { code: error.code, message: error.message } : { code: 'UNAVAILABLE', message: error instanceof Error ? error.message : String(error) };
      update(key, (turn) => ({ ...turn, failure }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card wide jarvis" data-testid="jarvis-panel" data-conversation-id={conversationId}>
      <ul className="messages">
        {messages.map((message) => (
          <StoredMessage key={message.id} message={message} />
        ))}
        {turns.map((turn) => (
          <LiveTurnView key={turn.key} turn={turn} />
        ))}
      </ul>
      <form className="inline-form" onSubmit={(event) => void send(event)}>
        <label className="grow">
          Ask Jarvis
          <textarea name="text" required maxLength={8000} rows={2} data-testid="jarvis-input" />
        </label>
        <button type="submit" className="button primary" disabled={!hydrated || busy} data-testid="jarvis-send">
          {busy ? 'Answering…' : 'Send'}
        </button>
      </form>
    </section>
  );
}
