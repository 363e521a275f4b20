import { useState } from 'react';
import { api } from '../api';
import { QualityPerVersion } from '../components/charts';
import { Card, Empty, ErrorBox, Loading, Progress, decimal, number, useInterval, useLoad, when } from '../components/ui';
import type { Job, TenantModel, TenantProfile } from '../types';

const OPEN = ['queued', 'running'];

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
          <div className="scroll">
            <table aria-label="Model versions">
              <thead>
                <tr>
                  <th>version</th>
                  <th>status</th>
                  <th>NDCG@10</th>
                  <th>popularity</th>
                  <th>events</th>
                  <th>from meta-init</th>
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
                    <td>{number(m.events)}</td>
                    <td>{m.metaInitVersion === null ? 'from scratch' : `v${m.metaInitVersion}`}</td>
                    <td>{when(m.finishedAt ?? m.createdAt)}</td>
                    <td className="reason">{m.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
