import { useState } from 'react';
import { api } from '../api';
import {
  ClickThroughBars,
  PreferenceBar,
  armSentence,
  interleavingSentence,
  liftSentence,
  methodName,
  rankerName,
  surfaceName,
} from '../components/experimentResults';
import { Card, ConfirmButton, ErrorBox, Loading, Progress, number, useInterval, useLoad, when } from '../components/ui';
import type { Experiment } from '../types';

/** Results are computed when read: while one runs, read again this often. */
export const REFRESH_MS = 3000;

export function startExperiment(id: number) {
  return api<Experiment>(`/v1/experiments/${id}/start`, { method: 'POST' });
}

export function stopExperiment(id: number) {
  return api<Experiment>(`/v1/experiments/${id}/stop`, { method: 'POST' });
}

export const stopQuestion = (e: Experiment) =>
  `Stop “${e.name}”? Its surface (${surfaceName(e.surface)}) is served as usual again. The results are kept, but a stopped experiment cannot be started again.`;

export function ExperimentDetail({ id }: { id: number }) {
  const experiment = useLoad(() => api<Experiment>(`/v1/experiments/${id}`), [id]);
  const [error, setError] = useState<unknown>(null);
  const e = experiment.data;
  // Leaving the page unmounts this and so ends the refreshing.
  useInterval(experiment.reload, REFRESH_MS, e?.status === 'running');

  async function act(action: () => Promise<Experiment>) {
    setError(null);
    try {
      experiment.setData(await action());
    } catch (err) {
      setError(err);
    }
  }

  if (experiment.loading && !e) return <Loading />;
  if (!e) return <ErrorBox error={experiment.error} />;
  return (
    <div className="grid">
      <p>
        <a href="#/experiments">← All experiments</a>
      </p>
      <Card
        title={e.name}
        actions={
          <>
            {e.status === 'draft' && (
              <button className="primary" onClick={() => act(() => startExperiment(e.id))}>
                Start
              </button>
            )}
            {e.status === 'running' && <ConfirmButton label="Stop" question={stopQuestion(e)} onConfirm={() => act(() => stopExperiment(e.id))} />}
          </>
        }
      >
        <ErrorBox error={error ?? experiment.error} />
        <p>
          <span className={`badge ${e.status}`} data-testid="experiment-status">
            {e.status}
          </span>{' '}
          {methodName(e.method)} on {surfaceName(e.surface)}: control <strong>{rankerName(e.control)}</strong>, treatment{' '}
          <strong>{rankerName(e.treatment)}</strong>.
        </p>
        <Progress value={e.results.impressions / e.maxImpressions} label={`${number(e.results.impressions)} of ${number(e.maxImpressions)} impressions`} />
        <dl className="facts">
          <dt>Created</dt>
          <dd>{when(e.createdAt)}</dd>
          <dt>Started</dt>
          <dd>{e.startedAt ? when(e.startedAt) : 'not yet: a draft serves nothing'}</dd>
          <dt>Stops itself after</dt>
          <dd>{number(e.maxImpressions)} impressions</dd>
          {e.stoppedAt && (
            <>
              <dt>Stopped</dt>
              <dd>
                {when(e.stoppedAt)}
                {e.stopReason ? `: ${e.stopReason}` : ''}
              </dd>
            </>
          )}
        </dl>
        {e.status === 'running' && (
          <p className="muted">
            Lists of this surface now carry <code>"experiment": {`{"id": ${e.id}, …}`}</code> and a <code>recommendationId</code> starting with{' '}
            <code>x{e.id}.</code>: send it back on <code>click</code> events. These results refresh every {REFRESH_MS / 1000} seconds.
          </p>
        )}
      </Card>
      <Results experiment={e} />
    </div>
  );
}

function Results({ experiment: e }: { experiment: Experiment }) {
  const r = e.results;
  return (
    <Card title="Results">
      {/* The platform's verdict as it says it: "not significant yet" is an answer too. */}
      <p className={`verdict${r.significant ? ' significant' : ''}`} data-testid="verdict">
        {r.verdict}
      </p>
      {e.method === 'interleaving' ? (
        <>
          <p data-testid="result-sentence">{interleavingSentence(e)}</p>
          <PreferenceBar experiment={e} />
        </>
      ) : (
        <>
          <p data-testid="result-sentence">{liftSentence(e)}</p>
          {r.ab && (
            <ul>
              <li>{armSentence('Control', e.control, r.ab.control)}</li>
              <li>{armSentence('Treatment', e.treatment, r.ab.treatment)}</li>
            </ul>
          )}
          <ClickThroughBars experiment={e} />
        </>
      )}
      <div className="tiles">
        <Count label="Impressions" hint="lists served in the experiment" value={r.impressions} id="impressions" />
        <Count label="Clicks" hint="items clicked in those lists" value={r.clicks} id="clicks" />
        {r.interleaving && (
          <>
            <Count label="Lists with clicks" value={r.interleaving.listsWithClicks} id="lists-with-clicks" />
            <Count label="Won by control" value={r.interleaving.controlWins} id="control-wins" />
            <Count label="Won by treatment" value={r.interleaving.treatmentWins} id="treatment-wins" />
            <Count label="Ties" value={r.interleaving.ties} id="ties" />
          </>
        )}
      </div>
      {e.method === 'interleaving' && (
        <p className="muted">
          A list with clicks is won by the ranker whose items got more of its clicks; ties count for neither. The share is the treatment’s wins
          among all wins, tested against 50%.
        </p>
      )}
    </Card>
  );
}

function Count({ label, value, id, hint }: { label: string; value: number; id: string; hint?: string }) {
  return (
    <div className="tile">
      <span className="label">{label}</span>
      <span className="value" data-testid={`count-${id}`}>
        {number(value)}
      </span>
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}
