import { useState } from 'react';
import { api } from '../api';
import { EvidenceTable } from '../components/evidence';
import { Card, Empty, ErrorBox, Loading, Progress, Scroll, decimal, useInterval, useLoad, when } from '../components/ui';
import type { Job, MetaInit } from '../types';

export function OperatorMetaTraining() {
  const inits = useLoad(() => api<MetaInit[]>('/v1/meta-inits', { query: { limit: 100 } }));
  const [job, setJob] = useState<Job | null>(null);
  const [algorithm, setAlgorithm] = useState('metasgd');
  const [maxSeconds, setMaxSeconds] = useState('120');
  const [error, setError] = useState<unknown>(null);
  const running = job !== null && ['queued', 'running'].includes(job.status);

  useInterval(
    async () => {
      if (!job) return;
      try {
        const latest = await api<Job>(`/v1/meta-inits/jobs/${job.jobId}`);
        setJob(latest);
        if (!['queued', 'running'].includes(latest.status)) inits.reload();
      } catch (e) {
        setError(e);
      }
    },
    2000,
    running,
  );

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setJob(await api<Job>('/v1/meta-inits/train', { method: 'POST', body: { algorithm, maxSeconds: Number(maxSeconds) } }));
    } catch (err) {
      setError(err);
    }
  }

  const list = inits.data ?? [];
  const newest = list.find((m) => m.status === 'promoted') ?? list[0];
  return (
    <div className="grid">
      <Card title="Start a meta-training run">
        <form className="form" onSubmit={start}>
          <p className="muted">
            Learns the shared initialisation from the tenants that share their data, measures per tenant size what it is worth to tenants it was
            not trained on (cross-validated), and promotes it unless the promoted one serves those tenants better. Runs nightly anyway.
          </p>
          <label>
            Algorithm
            <select value={algorithm} onChange={(e) => setAlgorithm(e.target.value)}>
              <option value="metasgd">Meta-SGD (first order)</option>
              <option value="reptile">Reptile</option>
              <option value="fomaml">FOMAML</option>
              <option value="pooled">pooled (no meta-learning: the baseline)</option>
            </select>
          </label>
          <label>
            Time budget (seconds)
            <input value={maxSeconds} inputMode="numeric" onChange={(e) => setMaxSeconds(e.target.value)} />
          </label>
          <ErrorBox error={error} />
          <button className="primary" type="submit" disabled={running}>
            {running ? 'Training…' : 'Start'}
          </button>
        </form>
        {job && (
          <div className="job">
            <Progress value={job.progress ?? (job.status === 'succeeded' ? 1 : 0)} label={`Meta-training job ${job.jobId} (${job.status})`} />
            {job.message && <p className="muted">{job.message}</p>}
          </div>
        )}
      </Card>

      <Card title={newest ? `What meta-init v${newest.version} is worth to a new tenant` : 'What a meta-init is worth to a new tenant'}>
        {newest ? <EvidenceTable evidence={newest.metrics?.evidence ?? []} /> : <p className="muted">No meta-init yet.</p>}
      </Card>

      <Card title="Meta-inits">
        <ErrorBox error={inits.error} />
        {inits.loading && !inits.data ? (
          <Loading />
        ) : list.length === 0 ? (
          <Empty title="No meta-init yet">
            <p>New tenants are adapted from scratch until a first run is promoted. Tenants must share their data and have events.</p>
          </Empty>
        ) : (
          <Scroll label="Meta-inits">
            <table aria-label="Meta-inits">
              <thead>
                <tr>
                  <th>version</th>
                  <th>status</th>
                  <th>algorithm</th>
                  <th>tenants (train / held out)</th>
                  <th>serving gets (x popularity)</th>
                  <th>finished</th>
                  <th>why</th>
                </tr>
              </thead>
              <tbody>
                {list.map((m) => (
                  <tr key={m.version}>
                    <td>v{m.version}</td>
                    <td>
                      <span className={`badge ${m.status}`}>{m.status}</span>
                    </td>
                    <td>{m.algorithm}</td>
                    <td>
                      {m.trainingTenants?.length ?? 0} / {m.validationTenants?.length ?? 0}
                    </td>
                    <td>{decimal(m.metrics?.servedValue, 3)}</td>
                    <td>{when(m.finishedAt)}</td>
                    <td className="reason">{m.reason ?? ''}</td>
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
