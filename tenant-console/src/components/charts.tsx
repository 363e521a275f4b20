import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { decimal } from './ui';

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

const palette = ['#2563eb', '#9ca3af', '#16a34a', '#dc2626'];

function optionsFor(yTitle: string) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } },
  };
}

export interface Series {
  label: string;
  values: (number | null)[];
}

/** Charts carry a text alternative: the same numbers are in a table or list next to them. */
export function LineChart({ labels, series, title, yTitle }: { labels: string[]; series: Series[]; title: string; yTitle: string }) {
  return (
    <div className="chart" role="img" aria-label={title}>
      <Line
        data={{
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.values,
            borderColor: palette[i % palette.length],
            backgroundColor: palette[i % palette.length],
            spanGaps: true,
            tension: 0.2,
          })),
        }}
        options={optionsFor(yTitle)}
      />
    </div>
  );
}

export function BarChart({ labels, series, title, yTitle }: { labels: string[]; series: Series[]; title: string; yTitle: string }) {
  return (
    <div className="chart" role="img" aria-label={title}>
      <Bar
        data={{
          labels,
          datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: palette[i % palette.length] })),
        }}
        options={optionsFor(yTitle)}
      />
    </div>
  );
}

/** A model or meta-init version with its validation metrics (as the registry reports them). */
export interface MeasuredVersion {
  version: number;
  metrics: {
    validationNdcgAt10?: number;
    popularityValidationNdcgAt10?: number;
    promotedValidationNdcgAt10?: number | null;
  } | null;
}

/**
 * Validation NDCG@10 per version, oldest first, against popularity on the same validation data and,
 * when asked, against the version that was promoted when it was measured. A single version is
 * said in numbers: plotted alone it is a dot pinned to the axis, which reads as "no data".
 */
export function QualityPerVersion({
  versions,
  title,
  versionLabel,
  promotedLabel,
}: {
  versions: MeasuredVersion[];
  title: string;
  versionLabel: string;
  promotedLabel?: string;
}) {
  const measured = versions.filter((v) => v.metrics?.validationNdcgAt10 !== undefined).reverse();
  if (measured.length === 0) return <p className="muted">No measured version yet.</p>;
  if (measured.length === 1) {
    const only = measured[0];
    const promoted = promotedLabel ? only.metrics?.promotedValidationNdcgAt10 : null;
    return (
      <p className="single-version" data-testid="quality-numbers">
        v{only.version}: NDCG@10 <strong>{decimal(only.metrics?.validationNdcgAt10)}</strong> against popularity{' '}
        <strong>{decimal(only.metrics?.popularityValidationNdcgAt10)}</strong> on the same users
        {promoted !== null && promoted !== undefined ? `, and the ${promotedLabel} ${decimal(promoted)}` : ''}. The plot starts with the
        second version.
      </p>
    );
  }
  const series: Series[] = [
    { label: versionLabel, values: measured.map((v) => v.metrics?.validationNdcgAt10 ?? null) },
    { label: 'popularity', values: measured.map((v) => v.metrics?.popularityValidationNdcgAt10 ?? null) },
  ];
  if (promotedLabel) series.push({ label: promotedLabel, values: measured.map((v) => v.metrics?.promotedValidationNdcgAt10 ?? null) });
  return <LineChart title={title} labels={measured.map((v) => `v${v.version}`)} series={series} yTitle="NDCG@10" />;
}
