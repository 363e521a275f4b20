import { useState } from 'react';
import { api, segment } from '../api';
import { Card, ErrorBox, Loading, decimal } from '../components/ui';
import type { RecommendationList } from '../types';

type Mode = 'user' | 'session';

async function fetchBoth(mode: Mode, input: string): Promise<[RecommendationList, RecommendationList]> {
  const get = (strategy: string) =>
    mode === 'user'
      ? api<RecommendationList>(`/v1/recommendations/users/${segment(input)}`, { query: { count: 10, strategy } })
      : api<RecommendationList>('/v1/recommendations/session', {
          method: 'POST',
          query: { count: 10, strategy },
          body: { items: input.split(/[\s,]+/).filter(Boolean) },
        });
  return Promise.all([get('auto'), get('popularity')]);
}

export function TryIt() {
  const [mode, setMode] = useState<Mode>('user');
  const [input, setInput] = useState('');
  const [result, setResult] = useState<[RecommendationList, RecommendationList] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!input.trim()) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await fetchBoth(mode, input.trim()));
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid">
      <Card title="Try recommendations">
        <form onSubmit={submit} className="form">
          <fieldset>
            <legend>For</legend>
            <label>
              <input type="radio" name="mode" checked={mode === 'user'} onChange={() => setMode('user')} /> a user
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === 'session'} onChange={() => setMode('session')} /> an anonymous session
            </label>
          </fieldset>
          <label>
            {mode === 'user' ? 'User id' : 'Items the visitor just looked at, oldest first (ids separated by commas or spaces)'}
            <input value={input} onChange={(e) => setInput(e.target.value)} placeholder={mode === 'user' ? 'e.g. u42' : 'e.g. b1, b7'} />
          </label>
          <button type="submit" className="primary" disabled={busy || !input.trim()}>
            Recommend
          </button>
        </form>
        <ErrorBox error={error} />
        {busy && <Loading what="Asking the platform" />}
      </Card>
      {result && (
        <div className="side-by-side">
          <ListView title="What your users get" list={result[0]} />
          <ListView title="Popularity, for comparison" list={result[1]} />
        </div>
      )}
    </div>
  );
}

function ListView({ title, list }: { title: string; list: RecommendationList }) {
  return (
    <Card title={title}>
      <p className="muted" data-testid="strategy">
        strategy <strong>{list.strategy}</strong>
        {list.modelVersion ? ` · model ${list.modelVersion}` : ''}
      </p>
      {list.items.length === 0 ? (
        <p className="muted">Nothing to recommend: the catalogue has no eligible items yet.</p>
      ) : (
        <ol className="recs" aria-label={title}>
          {list.items.map((item) => (
            <li key={item.id}>
              <span className="title">{item.title ?? <code>{item.id}</code>}</span>
              <span className="muted">
                {item.title ? <code>{item.id}</code> : null} score {decimal(item.score, 3)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
