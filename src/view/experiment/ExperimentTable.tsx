// The statistics of each value (a line of the plot): trials, median, p90, p99, max and the trials
// that never reached the metric within their limit, with the line's colour as its key.

import type { ExperimentResult } from '../../experiment/run.ts';
import { colourOf } from './plotData.ts';

const show = (x: number | null, trials: number) => (trials === 0 ? '–' : x === null ? 'never' : String(x));

export function ExperimentTable({ result }: { result: ExperimentResult }) {
  return (
    <table className="xp-table" data-testid="experiment-table">
      <caption>
        {result.metricName}, in {result.unit}. Quantiles are nearest-rank over all trials; “never”: the quantile falls on trials that never got there
        within the limit.
      </caption>
      <thead>
        <tr>
          <th scope="col">Value</th>
          <th scope="col">Trials</th>
          <th scope="col">Median</th>
          <th scope="col">p90</th>
          <th scope="col">p99</th>
          <th scope="col">Max</th>
          <th scope="col">Never</th>
        </tr>
      </thead>
      <tbody>
        {result.values.map((v, i) => (
          <tr key={v.label} data-value={i}>
            <th scope="row">
              <span className="xp-key" style={{ background: colourOf(i) }} aria-hidden="true" />
              {v.label}
            </th>
            <td>{v.trials}</td>
            <td>{show(v.median, v.trials)}</td>
            <td>{show(v.p90, v.trials)}</td>
            <td>{show(v.p99, v.trials)}</td>
            <td>{show(v.max, v.trials)}</td>
            <td>{v.never}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
