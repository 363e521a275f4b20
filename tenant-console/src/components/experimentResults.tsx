import type { ArmResults, Experiment, Ranker } from '../types';
import { number } from './ui';

// An experiment's results in plain words and one simple graphic each, from the numbers the platform
// computed (GET /v1/experiments/{id}); nothing is recomputed here.

export function rankerName(ranker: Ranker): string {
  if (ranker === 'popularity') return 'popularity';
  if (ranker === 'served') return 'the served model';
  return `model ${ranker}`;
}

export function methodName(method: Experiment['method']): string {
  return method === 'ab' ? 'A/B split' : 'interleaving';
}

export function surfaceName(surface: Experiment['surface']): string {
  return surface === 'session' ? 'recommendations for anonymous visitors' : 'recommendations for users';
}

const percent = (fraction: number, digits = 0) => `${(fraction * 100).toFixed(digits)}%`;

/** Near 0.05 two decimals would round a significant 0.046 up to "0.05": three below 0.1. */
export function pValueText(p: number | null): string {
  if (p === null) return 'no p-value yet';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

function interval(low: number | null, high: number | null, digits = 0): string {
  return low === null || high === null ? '' : ` (95% interval ${(low * 100).toFixed(digits)}–${percent(high, digits)})`;
}

/**
 * "Treatment (model v4) wins 58% of contested clicks (95% interval 52–63%), p = 0.003, 1,240 impressions":
 * said from the side that leads, so a losing treatment reads as control winning, not as "wins 42%".
 */
export function interleavingSentence(experiment: Experiment): string {
  const results = experiment.results;
  const preference = results.interleaving?.treatmentPreference ?? null;
  if (preference === null) {
    return `No contested clicks yet: ${number(results.impressions)} impressions, ${number(results.interleaving?.listsWithClicks ?? 0)} with clicks.`;
  }
  const low = results.interleaving?.preferenceLow ?? null;
  const high = results.interleaving?.preferenceHigh ?? null;
  const treatmentLeads = preference >= 0.5;
  const side = treatmentLeads ? `Treatment (${rankerName(experiment.treatment)})` : `Control (${rankerName(experiment.control)})`;
  const share = treatmentLeads ? preference : 1 - preference;
  const shareInterval = treatmentLeads ? interval(low, high) : interval(high === null ? null : 1 - high, low === null ? null : 1 - low);
  return `${side} wins ${percent(share)} of contested clicks${shareInterval}, ${pValueText(results.pValue)}, ${number(results.impressions)} impressions.`;
}

export function armSentence(label: string, ranker: Ranker, arm: ArmResults): string {
  const rate = arm.clickThroughRate === null ? 'no click-through rate yet' : `click-through ${percent(arm.clickThroughRate, 1)}${interval(arm.low, arm.high, 1)}`;
  // The API's arm "clicks" are lists with at least one click: the rate's numerator.
  return `${label} (${rankerName(ranker)}): ${rate}, ${number(arm.clicks)} of ${number(arm.impressions)} lists clicked.`;
}

const signed = (fraction: number) => `${fraction >= 0 ? '+' : '−'}${percent(Math.abs(fraction))}`;

export function liftSentence(experiment: Experiment): string {
  const ab = experiment.results.ab;
  if (!ab || ab.relativeLift === null) {
    return `No lift yet (it needs clicks in both arms): ${number(experiment.results.impressions)} impressions.`;
  }
  const range = ab.liftLow === null || ab.liftHigh === null ? '' : ` (95% interval ${signed(ab.liftLow)} to ${signed(ab.liftHigh)})`;
  return `Treatment’s click-through relative to control: ${signed(ab.relativeLift)}${range}, ${pValueText(experiment.results.pValue)}, ${number(experiment.results.impressions)} impressions.`;
}

/**
 * The treatment's share of contested clicks on a 0–100% line: the interval as a band, the estimate as
 * a mark, 50% (no difference) as a line. An interval that straddles the line is "not significant".
 */
export function PreferenceBar({ experiment }: { experiment: Experiment }) {
  const results = experiment.results.interleaving;
  if (!results || results.treatmentPreference === null) return null;
  const { treatmentPreference: estimate, preferenceLow: low, preferenceHigh: high } = results;
  return (
    <figure className="interval-figure">
      <div className="interval-track" role="img" aria-label={interleavingSentence(experiment)}>
        <div className="interval-even" title="50%: no difference" />
        {low !== null && high !== null && <div className="interval-band" style={{ left: percent(low, 1), width: percent(high - low, 1) }} />}
        <div className="interval-mark" style={{ left: percent(estimate, 1) }} />
      </div>
      <figcaption className="interval-scale">
        <span>control ({rankerName(experiment.control)}) wins every contested click</span>
        <span>50%</span>
        <span>treatment ({rankerName(experiment.treatment)}) wins every one</span>
      </figcaption>
    </figure>
  );
}

/** Each arm's click-through rate with its interval, on one scale so the two can be compared by eye. */
export function ClickThroughBars({ experiment }: { experiment: Experiment }) {
  const ab = experiment.results.ab;
  if (!ab || (ab.control.clickThroughRate === null && ab.treatment.clickThroughRate === null)) return null;
  const top = Math.max(ab.control.high ?? 0, ab.treatment.high ?? 0, ab.control.clickThroughRate ?? 0, ab.treatment.clickThroughRate ?? 0) * 1.1 || 1;
  const at = (value: number) => percent(Math.min(1, value / top), 1);
  const arms: [string, Ranker, ArmResults][] = [
    ['Control', experiment.control, ab.control],
    ['Treatment', experiment.treatment, ab.treatment],
  ];
  return (
    <figure className="interval-figure">
      {arms.map(([label, ranker, arm]) => (
        <div key={label} className="interval-row">
          <span className="interval-label">{label}</span>
          <div className="interval-track" role="img" aria-label={armSentence(label, ranker, arm)}>
            {arm.low !== null && arm.high !== null && <div className="interval-band" style={{ left: at(arm.low), width: at(arm.high - arm.low) }} />}
            {arm.clickThroughRate !== null && <div className="interval-mark" style={{ left: at(arm.clickThroughRate) }} />}
          </div>
        </div>
      ))}
      <figcaption className="interval-scale">
        <span>0%</span>
        <span>click-through rate, 95% intervals</span>
        <span>{percent(top, 1)}</span>
      </figcaption>
    </figure>
  );
}
