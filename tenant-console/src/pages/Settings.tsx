import { useState } from 'react';
import { api } from '../api';
import { Card, ErrorBox, number } from '../components/ui';
import type { TenantProfile } from '../types';

export function Settings({ profile, onSaved }: { profile: TenantProfile; onSaved: (p: TenantProfile) => void }) {
  const [rows, setRows] = useState(() => Object.entries(profile.customEventTypes).map(([type, weight]) => ({ type, weight: String(weight) })));
  const [autoTraining, setAutoTraining] = useState(profile.autoTraining);
  const [share, setShare] = useState(profile.shareForMetaLearning);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const eventTypes: Record<string, number> = {};
    for (const row of rows) {
      if (!row.type.trim()) continue;
      const weight = Number(row.weight);
      if (!Number.isFinite(weight)) {
        setError(new Error(`The weight of “${row.type}” is not a number`));
        return;
      }
      eventTypes[row.type.trim()] = weight;
    }
    try {
      onSaved(await api<TenantProfile>('/v1/tenant', { method: 'PATCH', body: { eventTypes, autoTraining, shareForMetaLearning: share } }));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="grid">
      <Card title="Event types and weights">
        <form onSubmit={save} className="form">
          <p className="muted">
            The weight says how strong a signal each type is when models are trained (0: ignored, negative: the user did not like it). Built-in
            types are always accepted; add your own or re-weight a built-in one here.
          </p>
          <table aria-label="Built-in event types">
            <thead>
              <tr>
                <th>built-in type</th>
                <th>default weight</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(profile.builtInEventTypes).map(([type, weight]) => (
                <tr key={type}>
                  <td>{type}</td>
                  <td>{weight}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Your types and overrides</h3>
          {rows.map((row, i) => (
            <div className="row" key={i}>
              <input aria-label={`type ${i + 1}`} value={row.type} placeholder="type, e.g. wishlist" onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, type: e.target.value } : r)))} />
              <input aria-label={`weight ${i + 1}`} value={row.weight} inputMode="decimal" onChange={(e) => setRows(rows.map((r, j) => (j === i ? { ...r, weight: e.target.value } : r)))} />
              <button type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`remove type ${i + 1}`}>
                Remove
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, { type: '', weight: '1' }])}>
            Add a type
          </button>

          <h3>Training</h3>
          <label>
            <input type="checkbox" checked={autoTraining} onChange={(e) => setAutoTraining(e.target.checked)} /> Adapt models automatically as
            events arrive
          </label>
          <label>
            <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} /> Let my data help train the shared
            initialisation (meta-learning). Your data is never shown to other tenants; opting out keeps your models adapted from it, but your
            data no longer contributes to it.
          </label>
          <ErrorBox error={error} />
          {saved && <p role="status">Saved.</p>}
          <button type="submit" className="primary">
            Save
          </button>
        </form>
      </Card>

      <Card title="Quotas">
        <p className="muted">Set by the platform operator; ask them to change these.</p>
        <dl className="quotas">
          <dt>Requests per second</dt>
          <dd>{number(profile.quotas.requestsPerSecond)}</dd>
          <dt>Events per day</dt>
          <dd>{number(profile.quotas.eventsPerDay)}</dd>
          <dt>Catalogue size</dt>
          <dd>{number(profile.quotas.maxItems)} items</dd>
          <dt>Event retention</dt>
          <dd>{profile.retentionDays ? `${profile.retentionDays} days` : 'kept until deleted'}</dd>
        </dl>
      </Card>
    </div>
  );
}
