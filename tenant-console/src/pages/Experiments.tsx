import { useState } from 'react';
import { api } from '../api';
import { methodName, rankerName } from '../components/experimentResults';
import { Card, ConfirmButton, Empty, ErrorBox, Loading, Scroll, number, useInterval, useLoad } from '../components/ui';
import type { Experiment, Ranker, TenantModel } from '../types';
import { ExperimentDetail, REFRESH_MS, startExperiment, stopExperiment, stopQuestion } from './ExperimentDetail';

const DEFAULT_MAX_IMPRESSIONS = 20_000;

/** `#/experiments` lists them; `#/experiments/12` opens one. */
export function Experiments({ detail }: { detail: string }) {
  const id = Number(detail);
  return detail && Number.isInteger(id) && id > 0 ? <ExperimentDetail id={id} /> : <ExperimentList />;
}

function ExperimentList() {
  const experiments = useLoad(() => api<{ items: Experiment[] }>('/v1/experiments').then((body) => body.items));
  const [error, setError] = useState<unknown>(null);
  const list = experiments.data ?? [];
  useInterval(experiments.reload, REFRESH_MS, list.some((e) => e.status === 'running'));

  async function act(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      experiments.reload();
    }
  }

  return (
    <div className="grid">
      <Card title="Experiments">
        <p className="muted">
          Does a model make your users click more? An experiment serves two rankers to your real traffic and counts the clicks your events
          credit to each list (cite the list’s <code>recommendationId</code> in <code>click</code> events). One experiment runs per surface at
          a time.
        </p>
        <ErrorBox error={error ?? experiments.error} />
        {experiments.loading && !experiments.data ? (
          <Loading />
        ) : list.length === 0 ? (
          <Empty title="No experiment yet">
            <p>Create one below: the served model against popularity is a good first question.</p>
          </Empty>
        ) : (
          <Scroll label="Experiments">
            <table aria-label="Experiments">
              <thead>
                <tr>
                  <th>name</th>
                  <th>method</th>
                  <th>control → treatment</th>
                  <th>status</th>
                  <th>impressions</th>
                  <th>verdict</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((e) => (
                  <tr key={e.id} data-experiment={e.id}>
                    <td>
                      <a href={`#/experiments/${e.id}`}>{e.name}</a>
                      <br />
                      <span className="muted">{e.surface === 'session' ? 'session' : 'users'}</span>
                    </td>
                    <td>{methodName(e.method)}</td>
                    <td>
                      {rankerName(e.control)} → {rankerName(e.treatment)}
                    </td>
                    <td>
                      <span className={`badge ${e.status}`}>{e.status}</span>
                    </td>
                    <td>{number(e.results.impressions)}</td>
                    <td className="reason">{e.results.verdict}</td>
                    <td>
                      {e.status === 'draft' && <button onClick={() => act(() => startExperiment(e.id))}>Start {e.name}</button>}
                      {e.status === 'running' && (
                        <ConfirmButton label={`Stop ${e.name}`} question={stopQuestion(e)} onConfirm={() => act(() => stopExperiment(e.id))} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
      </Card>
      <CreateExperiment onCreated={(created) => (window.location.hash = `#/experiments/${created.id}`)} />
    </div>
  );
}

interface RankerChoice {
  value: Ranker;
  label: string;
}

/** Popularity, whatever is served, and every stored version that can serve (it has an artifact). */
function rankerChoices(models: TenantModel[]): RankerChoice[] {
  const promoted = models.find((m) => m.status === 'promoted');
  return [
    { value: 'popularity', label: 'popularity' },
    { value: 'served', label: `the served model (now ${promoted ? `v${promoted.version}` : 'popularity'}, whatever is promoted later)` },
    ...models
      .filter((m) => m.artifactSha256 && m.status !== 'failed' && m.status !== 'training')
      .map((m) => ({ value: `v${m.version}`, label: `model v${m.version} (${m.status})` })),
  ];
}

function CreateExperiment({ onCreated }: { onCreated: (e: Experiment) => void }) {
  const models = useLoad(() => api<TenantModel[]>('/v1/models', { query: { limit: 100 } }));
  const [name, setName] = useState('');
  const [surface, setSurface] = useState<Experiment['surface']>('users');
  const [method, setMethod] = useState<Experiment['method']>('interleaving');
  const [control, setControl] = useState<Ranker>('popularity');
  const [treatment, setTreatment] = useState<Ranker>('served');
  const [maxImpressions, setMaxImpressions] = useState(String(DEFAULT_MAX_IMPRESSIONS));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const choices = rankerChoices(models.data ?? []);
  const same = control === treatment;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = { name: name.trim(), surface, method, control, treatment, maxImpressions: Number(maxImpressions) };
      onCreated(await api<Experiment>('/v1/experiments', { method: 'POST', body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const rankerSelect = (label: string, value: Ranker, change: (r: Ranker) => void) => (
    <label>
      {label}
      <select value={value} onChange={(e) => change(e.target.value)}>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <Card title="New experiment">
      <form className="form" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="e.g. v4 against popularity" />
        </label>
        <label>
          Surface
          <select value={surface} onChange={(e) => setSurface(e.target.value as Experiment['surface'])}>
            <option value="users">recommendations for users (GET /v1/recommendations/users/…)</option>
            <option value="session">recommendations for anonymous visitors (POST /v1/recommendations/session)</option>
          </select>
        </label>
        <fieldset>
          <legend>Method</legend>
          <label>
            <input type="radio" name="method" checked={method === 'interleaving'} onChange={() => setMethod('interleaving')} /> Interleaving:
            every list mixes both rankers, and each click is credited to the one that contributed the item. Needs far less traffic.
          </label>
          <label>
            <input type="radio" name="method" checked={method === 'ab'} onChange={() => setMethod('ab')} /> A/B split: each user always gets
            one of the two (50/50); click-through per arm.
          </label>
        </fieldset>
        {rankerSelect('Control (what you compare against)', control, setControl)}
        {rankerSelect('Treatment (what you want to try)', treatment, setTreatment)}
        {same && <p className="muted">Pick two different rankers: the same one twice has nothing to compare.</p>}
        <label>
          Stop automatically after this many served lists
          <input type="number" min={100} max={10_000_000} step={1} value={maxImpressions} onChange={(e) => setMaxImpressions(e.target.value)} required />
        </label>
        <ErrorBox error={error ?? models.error} />
        <button type="submit" className="primary" disabled={busy || same}>
          {busy ? 'Creating…' : 'Create experiment'}
        </button>
        <p className="muted">It is created as a draft: nothing changes for your users until you start it.</p>
      </form>
    </Card>
  );
}
