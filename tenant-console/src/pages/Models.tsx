import { useState } from 'react';
import { api } from '../api';
import { QualityPerVersion } from '../components/charts';
import { originOf, shortOriginOf } from '../components/origin';
import { Card, Empty, ErrorBox, Loading, Progress, Scroll, decimal, number, useInterval, useLoad, when } from '../components/ui';
import type { Job, TenantModel, TenantProfile } from '../types';

const OPEN = ['queued', 'running'];

/**
 * What a version's event count is (TrainingDataReader and the trainer's TimeOrder): the tenant's
 * events when the version was trained, of event types with a positive weight, one per user and item.
 */
const TRAINED_ON =
  'the events the version learnt from, as they were when it was trained. Only event types with a positive weight count (not impressions ' +
  'or dislikes), a user’s repeated events on the same item count once, and at most the newest 300,000 (by default) are read.';

export function Models({ profile }: { profile: TenantProfile }) {
  const models = useLoad(() => api<TenantModel[]>('/v1/models', { query: { limit: 100 } }));
  const jobs = useLoad(() => api<Job[]>('/v1/jobs', { query: { limit: 10 } }));
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const open = (jobs.data ?? []).filter((j) => OPEN.includes(j.status));

  // While an adaptation runs, follow its progress and pick up the version it produces.
  useInterval(
    () => {
      jobs.reload();
      models.reload();
    },
    1500,
    open.length > 0,
  );

  async function adaptNow() {
    setError(null);
    setStarting(true);
    try {
      await api<Job>('/v1/models/adapt', { method: 'POST', body: {} });
      jobs.reload();
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  }

  const list = models.data ?? [];

  return (
    <div className="grid">
      <Card
        title="Adaptation"
        actions={
          <button className="primary" onClick={adaptNow} disabled={starting || open.length > 0}>
            {open.length > 0 ? 'Adapting…' : 'Re-adapt now'}
          </button>
        }
      >
        <ErrorBox error={error} />
        {open.map((job) => (
          <div key={job.jobId} className="job">
            <Progress value={job.progress ?? 0} label={`Job ${job.jobId} (${job.status})`} />
            {job.message && <p className="muted">{job.message}</p>}
          </div>
        ))}
        {open.length === 0 && (
          <p className="muted">
            {profile.autoTraining
              ? `Models are adapted automatically: first after ${number(profile.onboardingMinEvents)} events, then as new events arrive. A version is served when tenants of your size measurably gained from such models (measured on other tenants), unless your own most recent users show it doing worse than popularity or the served version.`
              : 'Automatic training is off (Settings): adapt by hand here.'}
          </p>
        )}
        {jobs.data && jobs.data.length > 0 && (
          <details>
            <summary>Recent jobs</summary>
            <ul>
              {jobs.data.map((j) => (
                <li key={j.jobId}>
                  job {j.jobId} · {j.kind} · {j.status} · {when(j.createdAt)}
                  {j.message ? ` · ${j.message}` : ''}
                </li>
              ))}
            </ul>
          </details>
        )}
      </Card>

      <Card title="Validation NDCG@10 per version">
        <QualityPerVersion
          versions={list}
          title="Validation NDCG@10 per model version: the model, popularity and the version served at the time"
          versionLabel="this version"
          promotedLabel="served version"
        />
      </Card>

      <Card title="Versions">
        <ErrorBox error={models.error} />
        {models.loading && !models.data ? (
          <Loading />
        ) : list.length === 0 ? (
          <Empty title="No model yet">
            <p>Popular items are served until a first model is adapted and beats them.</p>
          </Empty>
        ) : (
          <Scroll label="Model versions">
            <table aria-label="Model versions">
              <thead>
                <tr>
                  <th>version</th>
                  <th>status</th>
                  <th>NDCG@10</th>
                  <th>popularity</th>
                  <th>
                    <abbr title={TRAINED_ON}>trained on (events)</abbr>
                  </th>
                  <th>started from</th>
                  <th>trained</th>
                  <th>why</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.version} className={m.status}>
                    <td>v{m.version}</td>
                    <td>
                      <span className={`badge ${m.status}`}>{m.status}</span>
                    </td>
                    <td>{decimal(m.metrics?.validationNdcgAt10)}</td>
                    <td>{decimal(m.metrics?.popularityValidationNdcgAt10)}</td>
                    <td title={TRAINED_ON}>{number(m.events)}</td>
                    <td title={originOf(m)}>{shortOriginOf(m)}</td>
                    <td>{when(m.finishedAt ?? m.createdAt)}</td>
                    <td className="reason">{m.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )}
        {list.length > 0 && (
          <p className="muted" data-testid="trained-on-note">
            <strong>Trained on</strong>: {TRAINED_ON} So it is usually lower than the events the Overview counts, which are every event stored
            now.
          </p>
        )}
      </Card>
    </div>
  );
}
