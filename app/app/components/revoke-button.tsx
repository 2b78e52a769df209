import { useRevalidator } from '@remix-run/react';
import { useState } from 'react';
import { confirmationRequest, trpcClient, type ConfirmationRequest } from '../lib/trpc.client.ts';
import { useSettings } from '../lib/settings.ts';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'confirm'; request: ConfirmationRequest } | { kind: 'failed'; message: string };

/**
 * Revoking is destructive, so it is two calls: the first answers with a plan and a
 * confirmation token, the person confirms, and the second call sends the token back.
 */
export function RevokeButton({ keyId, keyName }: { keyId: string; keyName: string }) {
  const { firebase } = useSettings();
  const { revalidate } = useRevalidator();
  const [state, setState] = useState<State>({ kind: 'idle' });

  const revoke = async (confirmationToken?: string) => {
    setState({ kind: 'busy' });
    try {
      await trpcClient(firebase).apiKeys.revoke.mutate({ id: keyId, confirmationToken });
      setState({ kind: 'idle' });
      revalidate();
    } catch (error) {
      const request = confirmationToken ? null : confirmationRequest(error);
      setState(request ? { kind: 'confirm', request } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  if (state.kind === 'confirm') {
    return (
      <div className="confirm" role="dialog" aria-label={`Revoke ${keyName}`} data-testid="revoke-confirmation">
        <p>{state.request.plan}</p>
        <div className="row">
          <button type="button" className="button danger small" data-testid="revoke-confirm" onClick={() => void revoke(state.request.confirmationToken)}>
            Revoke
          </button>
          <button type="button" className="button ghost small" onClick={() => setState({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="row end">
      {state.kind === 'failed' ? (
        <span className="problem inline" role="alert" data-testid="operation-error">
          {state.message}
        </span>
      ) : null}
      <button type="button" className="button small" disabled={state.kind === 'busy'} data-testid="api-key-revoke" onClick={() => void revoke()}>
        Revoke…
      </button>
    </div>
  );
}
