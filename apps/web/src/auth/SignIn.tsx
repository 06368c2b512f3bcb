import { useState, type SyntheticEvent } from 'react';
import { ServiceMapClient } from '../api/service-map-client.js';
import { ApiRequestError } from '../api/api-error.js';
import type { Session } from './session-store.js';

/** The sign-in form: an API token (from `servicemap token create` or bootstrap.json). */
export function SignIn({ onSignedIn, hint, other }: {
  readonly onSignedIn: (session: Session) => void;
  readonly hint?: string;
  /** A way out: the workspace this tab is already signed in to. */
  readonly other?: { readonly label: string; readonly go: () => void };
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    ServiceMapClient.workspaceOf(token.trim()).then(
      (workspace) => { onSignedIn({ token: token.trim(), workspace }); },
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof ApiRequestError && e.status < 500 ? 'The server did not accept this token.' : `Sign-in failed: ${String(e)}`);
      },
    );
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Servicemap</h1>
        <p>Sign in with an API token. It is kept for this browser session only.</p>
        {hint !== undefined && <p className="muted">{hint}</p>}
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" value={token} autoFocus
          onChange={(e) => { setToken(e.target.value); }} placeholder="smt_…" />
        <button type="submit" disabled={busy || token.trim() === ''}>{busy ? 'Signing in…' : 'Sign in'}</button>
        {error !== undefined && <p role="alert" className="error">{error}</p>}
        {other !== undefined && <button type="button" className="link-button" onClick={other.go}>{other.label}</button>}
      </form>
    </main>
  );
}
