/**
 * Learning-curve figures as SVG, drawn with Observable Plot: in Node against linkedom's DOM,
 * in a browser against the real `document`. As in the paper's Figure 1: per algorithm, the
 * 100-episode running average of the return, mean over seeds, with a ±1 std band.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";

export interface CurveSeries {
  /** Legend label, e.g. the algorithm. */
  label: string;
  /** Per seed, the return of every episode. */
  runs: number[][];
}

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

export interface FigureOptions {
  title?: string;
  window?: number;
  /** Axis labels (default: episodes and the running-average return). */
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** A DOM document to draw with (default: the page's in a browser, linkedom's elsewhere). */
  document?: Document;
}

/** An SVG document (string) with one line and one shaded band per series. */
export function learningCurveSvg(series: CurveSeries[], options: FigureOptions = {}): string {
  const points = series.flatMap((s) => curveBand(s, options.window ?? 100));
  // A browser draws with its own document; Node (and workers) with linkedom's.
  const document = options.document ?? (typeof globalThis.document !== "undefined" ? globalThis.document : (parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document));
  const figure = Plot.plot({
    document,
    width: options.width ?? 640,
    height: options.height ?? 400,
    marginLeft: 70,
    marginTop: options.title ? 36 : 16,
    marginRight: 170,
    marginBottom: 44,
    style: { background: "white", fontSize: "12px" },
    x: { label: options.xLabel ?? "Episode", labelAnchor: "center", labelOffset: 36 },
    y: { label: options.yLabel ?? `Return (running average over ${options.window ?? 100} episodes)`, grid: true, labelAnchor: "center", labelOffset: 52 },
    color: { domain: series.map((s) => s.label) },
    marks: [
      Plot.areaY(points, { x: "episode", y1: "low", y2: "high", fill: "label", fillOpacity: 0.2 }),
      Plot.lineY(points, { x: "episode", y: "mean", stroke: "label", strokeWidth: 1.5 }),
      // The legend is drawn in the right margin as SVG text (not Plot's HTML legend) so that
      // the file is a standalone SVG.
      ...series.map((s, k) =>
        Plot.text([s.label], { text: (d: string) => `— ${d}`, fill: (d: string) => d, frameAnchor: "top-right", dx: 12, dy: 4 + 16 * k, textAnchor: "start", fontWeight: "bold" }),
      ),
      ...(options.title ? [Plot.text([options.title], { frameAnchor: "top", dy: -24, fontWeight: "bold", fontSize: 13 })] : []),
    ],
  }) as unknown as Element;
  figure.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return figure.outerHTML;
}
