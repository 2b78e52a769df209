import { conversationIdSchema } from '@facilflow/contracts';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ConversationList } from '../components/jarvis/conversation-list.tsx';
import { JarvisPanel } from '../components/jarvis/jarvis-panel.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { SignInPanel } from '../components/sign-in-panel.tsx';
import { statusFor } from '../lib/action-result.ts';
import { invoke } from '../lib/operations.server.ts';

export const meta: MetaFunction = () => [{ title: 'Jarvis · FacilFlow' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await context.web.session();
  if (session.kind !== 'signed-in') return { view: 'signed-out' as const, expired: session.kind === 'expired' };
  const { principal } = session;
  if (!principal.tenantId) throw redirect('/');
  const unavailable = context.web.settings.jarvisUnavailable;
  if (unavailable) return { view: 'unavailable' as const, message: unavailable };
  const listed = await invoke(context, principal, 'conversations.list');
  const conversations = listed.ok ? listed.value.conversations : [];
  const asked = conversationIdSchema.safeParse(new URL(request.url).searchParams.get('c'));
  const selectedId = asked.success ? asked.data : (conversations[0]?.id ?? null);
  const selected = selectedId ? await invoke(context, principal, 'conversations.get', { id: selectedId }) : null;
  return {
    view: 'jarvis' as const,
    conversations,
    selected: selected?.ok ? selected.value : null,
    problem: !listed.ok ? listed.problem : selected && !selected.ok ? selected.problem : null,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await context.web.session();
  if (session.kind !== 'signed-in') throw redirect('/jarvis');
  const intent = String((await request.formData()).get('intent') ?? '');
  if (intent !== 'createConversation') return data({ problem: { code: 'INVALID' as const, message: `Unknown form intent "${intent}"` } }, { status: 400 });
  const created = await invoke(context, session.principal, 'conversations.create', {});
  if (!created.ok) return data({ problem: created.problem }, { status: statusFor(created.problem) });
  throw redirect(`/jarvis?c=${created.value.conversation.id}`);
}

export default function JarvisPage() {
  const page = useLoaderData<typeof loader>();
  if (page.view === 'signed-out') return <SignInPanel expired={page.expired} />;
  if (page.view === 'unavailable') {
    return (
      <section className="card" data-testid="jarvis-unavailable">
        <h1>Jarvis</h1>
        <p>{page.message}</p>
      </section>
    );
  }
  return (
    <div className="jarvis-layout">
      <ConversationList conversations={page.conversations} selectedId={page.selected?.conversation.id ?? null} />
      {page.problem ? <ProblemMessage problem={page.problem} /> : null}
      {page.selected ? (
        <JarvisPanel key={page.selected.conversation.id} conversationId={page.selected.conversation.id} messages={page.selected.messages} />
      ) : (
        <section className="card wide">
          <p className="empty">Start a new conversation to ask Jarvis about your plant.</p>
        </section>
      )}
    </div>
  );
}
