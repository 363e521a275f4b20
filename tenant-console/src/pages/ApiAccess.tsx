import { useState } from 'react';
import { api, segment } from '../api';
import { Card, ConfirmButton, CopyBlock, ErrorBox, Loading, useLoad } from '../components/ui';
import type { ApiCredential } from '../types';

export function ApiAccess() {
  const credentials = useLoad(() => api<ApiCredential[]>('/v1/credentials'));
  const config = useLoad(() => api<{ authority: string }>('/v1/console/config'));
  const [shown, setShown] = useState<ApiCredential | null>(null);
  const [error, setError] = useState<unknown>(null);

  const tokenUrl = config.data ? `${config.data.authority}/protocol/openid-connect/token` : '…';
  const apiUrl = window.location.origin;
  const clientId = shown?.clientId ?? credentials.data?.[0]?.clientId ?? '<client id>';
  const secret = shown?.clientSecret ?? '<secret>';

  async function act(action: () => Promise<ApiCredential>) {
    setError(null);
    try {
      setShown(await action());
      credentials.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="grid">
      <Card
        title="API credentials"
        actions={<button onClick={() => act(() => api<ApiCredential>('/v1/credentials', { method: 'POST' }))}>New credential</button>}
      >
        <p className="muted">
          Your backend signs in with OAuth client credentials: one credential per backend, so each can be rotated or revoked alone. A
          secret is shown once, when it is created or rotated; store it in your secret manager.
        </p>
        <ErrorBox error={error ?? credentials.error} />
        {shown?.clientSecret && (
          <div className="secret" role="status" aria-label="New secret">
            <p>
              New secret for <code>{shown.clientId}</code>. Copy it now: it will not be shown again.
            </p>
            <CopyBlock label="client secret" text={shown.clientSecret} />
            <button onClick={() => setShown({ clientId: shown.clientId, clientSecret: null })}>I have stored it</button>
          </div>
        )}
        {credentials.loading && !credentials.data ? (
          <Loading />
        ) : credentials.data && credentials.data.length === 0 ? (
          <p>No credentials: your backend cannot call the API. Create one.</p>
        ) : (
          <table aria-label="Credentials">
            <thead>
              <tr>
                <th>client id</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(credentials.data ?? []).map((c) => (
                <tr key={c.clientId}>
                  <td>
                    <code>{c.clientId}</code>
                  </td>
                  <td className="row">
                    <ConfirmButton
                      label={`Rotate ${c.clientId}`}
                      danger={false}
                      question={`Give ${c.clientId} a new secret? The current secret stops working at once; tokens already issued expire within minutes.`}
                      onConfirm={() => act(() => api<ApiCredential>(`/v1/credentials/${segment(c.clientId)}/rotate`, { method: 'POST' }))}
                    />
                    <ConfirmButton
                      label={`Revoke ${c.clientId}`}
                      question={`Revoke ${c.clientId}? Backends using it can get no new token.`}
                      confirmWord={c.clientId}
                      onConfirm={async () => {
                        await api<void>(`/v1/credentials/${segment(c.clientId)}`, { method: 'DELETE' });
                        if (shown?.clientId === c.clientId) setShown(null);
                        credentials.reload();
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="curl">
        <CopyBlock
          label="curl snippet"
          text={`TOKEN=$(curl -s ${tokenUrl} \\
  -d grant_type=client_credentials -d client_id=${clientId} -d client_secret='${secret}' \\
  | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')

curl -s -X POST ${apiUrl}/v1/events -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
  -d '{"events":[{"eventId":"e1","userId":"u1","itemId":"i1","type":"view"}]}'

curl -s ${apiUrl}/v1/recommendations/users/u1 -H "Authorization: Bearer $TOKEN"`}
        />
      </Card>

      <Card title="Java SDK">
        <p className="muted">
          Artifact <code>io.warmstart:warmstart-sdk</code>: it fetches and renews the token, batches events with idempotency keys and retries
          safely.
        </p>
        <CopyBlock
          label="Java snippet"
          text={`WarmstartClient warmstart = WarmstartClient.builder()
    .apiUrl("${apiUrl}")
    .tokenUrl("${tokenUrl}")
    .credentials("${clientId}", System.getenv("WARMSTART_SECRET"))
    .build();
warmstart.sendEvents(List.of(Event.of("u1", "i1", "view")));
Recommendations list = warmstart.recommendForUser("u1", 10);`}
        />
      </Card>
    </div>
  );
}
