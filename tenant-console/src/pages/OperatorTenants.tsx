import { useState } from 'react';
import { api, segment } from '../api';
import { Card, ConfirmButton, CopyBlock, Empty, ErrorBox, Loading, Scroll, age, decimal, number, useLoad } from '../components/ui';
import type { ApiCredential, Page, TenantHealth, TenantView } from '../types';

interface Created extends TenantView {
  apiCredentials: ApiCredential;
}

interface Invited {
  username: string;
  temporaryPassword: string;
}

export function OperatorTenants() {
  const tenants = useLoad(async () => {
    const page = await api<Page<TenantView>>('/v1/tenants', { query: { limit: 200 } });
    // Health is per tenant, from cheap lookups; a failing one does not hide the list.
    const health = await Promise.all(page.data.map((t) => api<TenantHealth>(`/v1/tenants/${segment(t.id)}/health`).catch(() => null)));
    return page.data.map((tenant, i) => ({ tenant, health: health[i] }));
  });
  const [error, setError] = useState<unknown>(null);

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      tenants.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="grid">
      <CreateTenant onCreated={tenants.reload} />
      <Card title="Tenants">
        <ErrorBox error={error ?? tenants.error} />
        {tenants.loading && !tenants.data ? (
          <Loading />
        ) : !tenants.data || tenants.data.length === 0 ? (
          <Empty title="No tenants yet">
            <p>Create the first one above.</p>
          </Empty>
        ) : (
          <Scroll label="Tenants">
            <table aria-label="Tenants">
              <thead>
                <tr>
                  <th>tenant</th>
                  <th>status</th>
                  <th>events today</th>
                  <th>events 7 days</th>
                  <th>model</th>
                  <th>model age</th>
                  <th>NDCG@10 (popularity)</th>
                  <th>meta-learning</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {tenants.data.map(({ tenant, health }) => (
                  <tr key={tenant.id} data-tenant={tenant.id}>
                    <td>
                      <strong>{tenant.displayName}</strong>
                      <br />
                      <code>{tenant.id}</code> · {tenant.kind}
                    </td>
                    <td>
                      <span className={`badge ${tenant.status}`}>{tenant.status}</span>
                    </td>
                    <td>{number(health?.eventsToday)}</td>
                    <td>{number(health?.eventsLast7Days)}</td>
                    <td>{health?.modelVersion ?? 'popularity'}</td>
                    <td>{age(health?.modelAgeSeconds)}</td>
                    <td>
                      {decimal(health?.validationNdcgAt10, 3)} ({decimal(health?.popularityValidationNdcgAt10, 3)})
                    </td>
                    <td>{tenant.shareForMetaLearning ? 'shares' : 'opted out'}</td>
                    <td className="row">
                      {tenant.status === 'active' ? (
                        <ConfirmButton
                          label={`Suspend ${tenant.id}`}
                          danger={false}
                          question={`Suspend ${tenant.displayName}? Its API calls are refused (403) until it is resumed; its data is kept.`}
                          onConfirm={() => act(() => api(`/v1/tenants/${segment(tenant.id)}/suspend`, { method: 'POST' }))}
                        />
                      ) : (
                        <button onClick={() => act(() => api(`/v1/tenants/${segment(tenant.id)}/resume`, { method: 'POST' }))}>Resume {tenant.id}</button>
                      )}
                      <ConfirmButton
                        label={`Delete ${tenant.id}`}
                        question={`Delete ${tenant.displayName}? Its identities are removed and all its events, items, users and models are purged. This cannot be undone.`}
                        confirmWord={tenant.id}
                        onConfirm={() => act(() => api(`/v1/tenants/${segment(tenant.id)}`, { method: 'DELETE' }))}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
      </Card>
    </div>
  );
}

function CreateTenant({ onCreated }: { onCreated: () => void }) {
  const [id, setId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [kind, setKind] = useState('e-commerce');
  const [share, setShare] = useState(true);
  const [adminEmail, setAdminEmail] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ tenant: Created; admin: Invited | null } | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const tenant = await api<Created>('/v1/tenants', { method: 'POST', body: { id: id.trim(), displayName, kind, shareForMetaLearning: share } });
      let admin: Invited | null = null;
      if (adminEmail.trim()) {
        admin = await api<Invited>(`/v1/tenants/${segment(tenant.id)}/admins`, { method: 'POST', body: { email: adminEmail.trim() } });
      }
      setCreated({ tenant, admin });
      setId('');
      setDisplayName('');
      setAdminEmail('');
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title="Create a tenant">
      <form className="form" onSubmit={submit}>
        <label>
          Id (lowercase letters, digits and -; it appears in logs and client ids)
          {/* Browsers compile pattern with the v flag, where a "-" inside a class must be escaped: unescaped,
              the pattern is invalid and the check silently does nothing. Same rule as the API's (TenantRequests). */}
          <input
            value={id}
            onChange={(e) => setId(e.target.value)}
            required
            pattern="[a-z0-9][a-z0-9\-]{1,62}"
            title="2 to 63 lowercase letters, digits and -, not starting with -"
          />
        </label>
        <label>
          Display name
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={200} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="e-commerce">e-commerce</option>
            <option value="education">education</option>
            <option value="media">media</option>
            <option value="other">other</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} /> Shares its data for meta-learning
        </label>
        <label>
          First admin's e-mail (optional: gets a sign-in with a temporary password)
          <input type="email" value={adminEmail} onChange={(e) => setAdminEmail(e.target.value)} />
        </label>
        <ErrorBox error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create tenant'}
        </button>
      </form>
      {created && (
        <div className="secret" role="status" aria-label="Created tenant">
          <p>
            Created <strong>{created.tenant.displayName}</strong>. Pass these on now: they are shown once.
          </p>
          <CopyBlock label="API credentials" text={`client id:     ${created.tenant.apiCredentials.clientId}\nclient secret: ${created.tenant.apiCredentials.clientSecret}`} />
          {created.admin && (
            <CopyBlock label="Admin sign-in" text={`console:            ${window.location.origin}/console/\nusername:           ${created.admin.username}\ntemporary password: ${created.admin.temporaryPassword}`} />
          )}
        </div>
      )}
    </Card>
  );
}
