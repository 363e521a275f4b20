import type { EvidenceEntry } from '../types';
import { Scroll, decimal, number } from './ui';

const percent = (ratio: number) => `${ratio >= 1 ? '+' : ''}${Math.round(100 * (ratio - 1))}%`;

/**
 * What a meta-init is worth to a new tenant of each size: measured by onboarding tenants it was
 * not trained on, and what the platform serves tenants of that size because of it.
 */
export function EvidenceTable({ evidence }: { evidence: EvidenceEntry[] }) {
  if (evidence.length === 0) {
    return <p className="muted">Not measured: fewer than three tenants with 300 events and 50 items share their data, so each tenant decides on its own users.</p>;
  }
  return (
    <Scroll label="Serving evidence per tenant size">
      <table aria-label="Serving evidence per tenant size">
        <thead>
          <tr>
            <th>tenant size</th>
            <th>tenants</th>
            <th>popularity NDCG@10</th>
            <th>best blend</th>
            <th>gain (95% interval)</th>
            <th>wins / losses</th>
            <th>served</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <tr key={e.events}>
              <td>{number(e.events)}+ events</td>
              <td>{e.tenants}</td>
              <td>{decimal(e.popularityNdcgAt10)}</td>
              <td>{e.bestBlend}</td>
              <td>
                {percent(e.ratio)} ({percent(e.ratioLow)} to {percent(e.ratioHigh)})
              </td>
              <td>
                {e.wins} / {e.losses}
              </td>
              <td>{e.served}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
