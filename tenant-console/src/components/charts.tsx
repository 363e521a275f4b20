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

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

const palette = ['#2563eb', '#9ca3af', '#16a34a', '#dc2626'];

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
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } },
        }}
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
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { y: { beginAtZero: true, title: { display: true, text: yTitle } } },
        }}
      />
    </div>
  );
}
