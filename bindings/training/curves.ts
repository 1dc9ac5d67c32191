/**
 * Learning curves as numbers: the 100-episode running average of the return and its mean ± std
 * band over seeds (the paper's Figure 1). No drawing here, so the main entry stays small; the
 * SVG figure is in plot.ts (`coagent/plot`).
 */
export interface CurveSeries {
  /** Legend label, e.g. the algorithm. */
  label: string;
  /** Per seed, the return of every episode. */
  runs: number[][];
}

/** One point of `curveBand`: the mean and standard deviation over runs at one episode. */
export interface CurvePoint {
  label: string;
  episode: number;
  mean: number;
  low: number;
  high: number;
}

/** Running mean over the last `window` episodes (fewer at the start). */
export function runningAverage(values: readonly number[], window = 100): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 0; k < values.length; k++) {
    sum += values[k];
    if (k >= window) sum -= values[k - window];
    out.push(sum / Math.min(k + 1, window));
  }
  return out;
}

/** Mean ± population std over seeds of each episode's running average. */
export function curveBand(series: CurveSeries, window = 100): CurvePoint[] {
  const smoothed = series.runs.map((r) => runningAverage(r, window));
  const length = Math.min(...smoothed.map((s) => s.length));
  const points: CurvePoint[] = [];
  for (let e = 0; e < length; e++) {
    let sum = 0;
    for (const s of smoothed) sum += s[e];
    const mean = sum / smoothed.length;
    let sq = 0;
    for (const s of smoothed) sq += (s[e] - mean) ** 2;
    const std = Math.sqrt(sq / smoothed.length);
    points.push({ label: series.label, episode: e + 1, mean, low: mean - std, high: mean + std });
  }
  return points;
}
