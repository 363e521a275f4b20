import { api } from '../api';
import { BarChart, QualityPerVersion } from '../components/charts';
import { originOf } from '../components/origin';
import { Card, Empty, ErrorBox, Loading, Progress, decimal, number, useLoad, when } from '../components/ui';
import type { ClickThrough, TenantModel, TenantProfile, TenantStats } from '../types';

export function Overview({ profile }: { profile: TenantProfile }) {
  const stats = useLoad(() => api<TenantStats>('/v1/stats', { query: { days: 30 } }));
  const models = useLoad(() => api<TenantModel[]>('/v1/models', { query: { limit: 50 } }));
  const clicks = useLoad(() => api<ClickThrough[]>('/v1/stats/click-through', { query: { days: 30 } }));

  if (stats.loading && !stats.data) return <Loading />;
  if (stats.error) return <ErrorBox error={stats.error} />;
  const s = stats.data!;
  const promoted = models.data?.find((m) => m.status === 'promoted');
  // Versions come newest first; the one to describe is the served one, else the latest attempt.
  const described = promoted ?? models.data?.[0];
  const days = [...s.eventsPerDay].reverse();

  return (
    <div className="grid">
      {s.events === 0 && s.items === 0 ? (
        <Empty title={`Welcome, ${profile.displayName}`}>
          <ol className="steps">
            <li>
              <a href="#/data">Upload your catalogue</a> (CSV or NDJSON of items) so recommendations have titles and categories.
            </li>
            <li>
              Send interaction events: upload a file on the <a href="#/data">Data</a> page, or call the API from your backend with the
              credentials on <a href="#/api">API access</a>.
            </li>
            <li>
              After {number(profile.onboardingMinEvents)} events a first model is made for you: adapted from the starting point learned across
              the tenants that share their data when the platform has one, otherwise trained on your own events alone. Until then you get
              popular items.
            </li>
          </ol>
        </Empty>
      ) : null}

      <div className="tiles">
        <Tile label="Events" value={number(s.events)} />
        <Tile label="Users" value={number(s.users)} />
        <Tile label="Items" value={number(s.items)} hint={s.placeholderItems > 0 ? `${number(s.placeholderItems)} without catalogue data` : undefined} />
        <Tile
          label="Served"
          value={promoted ? `model ${'v' + promoted.version}` : 'popularity'}
          hint={promoted ? `since ${when(promoted.promotedAt)}` : 'no personalised model yet'}
        />
      </div>

      {!promoted && s.events > 0 && (
        <Card title="Onboarding">
          {s.events < profile.onboardingMinEvents ? (
            <>
              <Progress value={s.events / profile.onboardingMinEvents} label="Events towards the first model" />
              <p className="muted">
                {number(profile.onboardingMinEvents - s.events)} more events and a first model is adapted automatically
                {profile.autoTraining ? '' : ' (automatic training is off in Settings: start it on the Models page)'}.
              </p>
            </>
          ) : (
            <p>
              Enough events for a model. Follow the adaptation on the <a href="#/models">Models</a> page; it is served once it beats popularity
              on your own recent data.
            </p>
          )}
        </Card>
      )}

      <Card title="Events per day">
        {days.length === 0 ? (
          <p className="muted">No events yet.</p>
        ) : (
          <BarChart title="Events per day" labels={days.map((d) => d.day)} series={[{ label: 'events', values: days.map((d) => d.events) }]} yTitle="events" />
        )}
      </Card>

      <Card title="Model quality against popularity">
        {models.error ? (
          <ErrorBox error={models.error} />
        ) : (models.data ?? []).length === 0 ? (
          <p className="muted">No model trained yet. Each version is measured on your users' most recent events, against popularity on the same users.</p>
        ) : (
          <QualityPerVersion versions={models.data ?? []} title="Validation NDCG@10 per model version, model and popularity" versionLabel="model" />
        )}
        {described && (
          <p data-testid="model-origin">
            {promoted ? 'Served' : 'Latest'} model v{described.version}: {originOf(described)}.
          </p>
        )}
        {/* With one version the sentence above already gives these numbers. */}
        {promoted?.metrics && (models.data ?? []).length > 1 && (
          <p className="muted">
            Served model v{promoted.version}: NDCG@10 {decimal(promoted.metrics.validationNdcgAt10)} against popularity{' '}
            {decimal(promoted.metrics.popularityValidationNdcgAt10)}.
          </p>
        )}
      </Card>

      <Card title="Click-through of recommendations (30 days)">
        {clicks.error ? (
          <ErrorBox error={clicks.error} />
        ) : !clicks.data || clicks.data.length === 0 ? (
          <p className="muted">
            No feedback yet. Send <code>impression</code> and <code>click</code> events that carry the <code>recommendationId</code> of the list
            they came from, and click-through per model version shows here.
          </p>
        ) : (
          <>
            <BarChart
              title="Click-through rate per model version or strategy"
              labels={clicks.data.map((c) => c.source)}
              series={[{ label: 'click-through rate', values: clicks.data.map((c) => c.clickThroughRate) }]}
              yTitle="clicks / impressions"
            />
            <table>
              <thead>
                <tr>
                  <th>source</th>
                  <th>impressions</th>
                  <th>clicks</th>
                  <th>CTR</th>
                </tr>
              </thead>
              <tbody>
                {clicks.data.map((c) => (
                  <tr key={c.source}>
                    <td>{c.source}</td>
                    <td>{number(c.impressions)}</td>
                    <td>{number(c.clicks)}</td>
                    <td>{c.clickThroughRate === null ? '—' : `${(c.clickThroughRate * 100).toFixed(2)}%`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Card>
    </div>
  );
}

function Tile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="tile" aria-label={label}>
      <span className="label">{label}</span>
      <span className="value" data-testid={`tile-${label.toLowerCase()}`}>
        {value}
      </span>
      {hint && <span className="hint">{hint}</span>}
    </div>
  );
}
