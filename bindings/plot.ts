/**
 * Learning-curve figures as SVG, drawn with Observable Plot (`coagent/plot`): in a browser
 * against the page's `document`, in Node against linkedom's DOM. As in the paper's Figure 1: per
 * algorithm, the 100-episode running average of the return, mean over seeds, with a ±1 std band.
 * And the figures of a comparison (`coagent compare --plot`): interquartile means with their
 * bootstrap intervals, and performance profiles (bindings/stats/); and a score against a numeric
 * setting (`scalingSvg`: a width study).
 * A subpath of its own because Observable Plot and d3 are several times the rest of the library.
  *
 * @module coagent/plot
 */
import * as Plot from "@observablehq/plot";
import { ConfigurationError } from "./errors.js";
import { requireInNode } from "./core/host.js";
import { curveBand, type CurveSeries } from "./training/curves.js";
import { interquartileMeanInterval, type BootstrapOptions } from "./stats/bootstrap.js";
import { performanceProfile, profileThresholds } from "./stats/performance-profile.js";
import { signalPoints, type PlottableSignalRecord } from "./training/signal-points.js";

export { curveBand, runningAverage, type CurvePoint, type CurveSeries } from "./training/curves.js";
export { signalPoints, type SignalPoint, type PlottableSignalRecord } from "./training/signal-points.js";

/** Options of `learningCurveSvg`: title, axis labels and the running-average window. */
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

/**
 * A browser draws with its own document; Node with linkedom's, required on demand so that
 * browser bundles of this module never contain linkedom. Elsewhere (Deno, Workers, Web
 * Workers) the caller passes one.
 */
function defaultDocument(): Document {
  if (typeof globalThis.document !== "undefined") return globalThis.document;
  const linkedom = requireInNode<{ parseHTML(html: string): { document: unknown } }>("linkedom");
  if (!linkedom) throw new ConfigurationError("options.document is required here: there is no page document and no Node to load linkedom in; pass a DOM Document to draw with");
  return linkedom.parseHTML("<!doctype html><html><body></body></html>").document as Document;
}

/** An SVG document (string) with one line and one shaded band per series. */
export function learningCurveSvg(series: CurveSeries[], options: FigureOptions = {}): string {
  const points = series.flatMap((s) => curveBand(s, options.window ?? 100));
  const document = options.document ?? defaultDocument();
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
      ...legendAndTitle(series.map((s) => s.label), options.title),
    ],
  }) as unknown as Element;
  figure.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return figure.outerHTML;
}

/** A group of runs to compare: its label and one score per run (per task: one array per task). */
export interface ScoreGroup {
  label: string;
  /** One score per run, or one array of scores per task (the bootstrap's strata). */
  scores: number[] | number[][];
}

/** Options of the comparison figures. */
export interface ComparisonFigureOptions {
  title?: string;
  /** What a score is, for the axes (default "Score"). */
  scoreLabel?: string;
  width?: number;
  /** Height of each panel. */
  height?: number;
  /** Bootstrap settings of the bands and intervals (default 10,000 resamples, seed 0, 95 %). */
  bootstrap?: BootstrapOptions;
  document?: Document;
}

function strataOf(group: ScoreGroup): number[][] {
  return group.scores.length > 0 && Array.isArray(group.scores[0]) ? (group.scores as number[][]) : [group.scores as number[]];
}

/** Pixels for the longest label at 12 px (about 7 px a character), so that no label is cut. */
function labelWidth(groups: readonly { label: string }[]): number {
  return 44 + 7 * Math.max(...groups.map((g) => g.label.length));
}

/**
 * A figure's legend, drawn in the right margin as SVG text (not Plot's HTML legend) so that the
 * file is a standalone SVG, and its title above the frame.
 */
function legendAndTitle(labels: readonly string[], title: string | undefined) {
  return [
    ...labels.map((label, k) => Plot.text([label], { text: (d: string) => `— ${d}`, fill: (d: string) => d, frameAnchor: "top-right", dx: 12, dy: 4 + 16 * k, textAnchor: "start", fontWeight: "bold" })),
    ...(title ? [Plot.text([title], { frameAnchor: "top", dy: -24, fontWeight: "bold", fontSize: 13 })] : []),
  ];
}

function finish(figure: Element): string {
  figure.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return figure.outerHTML;
}

/**
 * Performance profiles as SVG: per group, the fraction of runs whose score exceeds τ, for τ
 * across the range of all scores, with its stratified-bootstrap band. A group whose seeds split
 * into learners and non-learners shows a plateau where the mean shows nothing.
 */
export function performanceProfileSvg(groups: ScoreGroup[], options: ComparisonFigureOptions = {}): string {
  const taus = profileThresholds(groups.flatMap((g) => strataOf(g)));
  const points = groups.flatMap((g) => performanceProfile(strataOf(g), taus, { resamples: 2000, ...options.bootstrap }).map((p) => ({ label: g.label, ...p })));
  const figure = Plot.plot({
    document: options.document ?? defaultDocument(),
    width: options.width ?? 440 + labelWidth(groups),
    height: options.height ?? 360,
    marginLeft: 60, marginTop: options.title ? 36 : 16, marginRight: labelWidth(groups), marginBottom: 44,
    style: { background: "white", fontSize: "12px" },
    x: { label: `${options.scoreLabel ?? "Score"} τ`, labelAnchor: "center", labelOffset: 36 },
    y: { label: "Fraction of runs with score > τ", domain: [0, 1], grid: true, labelAnchor: "center", labelOffset: 44 },
    color: { domain: groups.map((g) => g.label) },
    marks: [
      Plot.areaY(points, { x: "tau", y1: "low", y2: "high", fill: "label", fillOpacity: 0.15, curve: "step-after" }),
      Plot.lineY(points, { x: "tau", y: "fraction", stroke: "label", strokeWidth: 1.5, curve: "step-after" }),
      ...legendAndTitle(groups.map((g) => g.label), options.title),
    ],
  }) as unknown as Element;
  return finish(figure);
}

/** Interquartile means with their 95 % stratified-bootstrap intervals, one row per group, as SVG. */
export function interquartileMeanSvg(groups: ScoreGroup[], options: ComparisonFigureOptions = {}): string {
  const rows = groups.map((g) => {
    const { estimate, interval } = interquartileMeanInterval(strataOf(g), options.bootstrap);
    return { label: g.label, iqm: estimate, low: interval[0], high: interval[1] };
  });
  const figure = Plot.plot({
    document: options.document ?? defaultDocument(),
    width: options.width ?? 440 + labelWidth(groups),
    height: options.height ?? Math.max(120, 60 + 28 * groups.length),
    marginLeft: labelWidth(groups), marginTop: options.title ? 36 : 16, marginRight: 20, marginBottom: 44,
    style: { background: "white", fontSize: "12px" },
    x: { label: `IQM of ${options.scoreLabel ?? "score"} (95% stratified-bootstrap interval)`, grid: true, labelAnchor: "center", labelOffset: 36 },
    y: { label: null, domain: rows.map((r) => r.label) },
    color: { domain: groups.map((g) => g.label) },
    marks: [
      Plot.ruleY(rows, { y: "label", x1: "low", x2: "high", stroke: "label", strokeWidth: 6, strokeOpacity: 0.5 }),
      Plot.tickX(rows, { y: "label", x: "iqm", stroke: "label", strokeWidth: 2 }),
      ...(options.title ? [Plot.text([options.title], { frameAnchor: "top", dy: -24, fontWeight: "bold", fontSize: 13 })] : []),
    ],
  }) as unknown as Element;
  return finish(figure);
}

/** The comparison figure of `coagent compare --plot`: IQM intervals above performance profiles, in one SVG. */
export function comparisonSvg(groups: ScoreGroup[], options: ComparisonFigureOptions = {}): string {
  if (groups.length === 0) throw new ConfigurationError("groups must hold at least one group of scores; got none");
  const width = options.width ?? 440 + labelWidth(groups);
  const top = interquartileMeanSvg(groups, { ...options, height: undefined });
  const bottom = performanceProfileSvg(groups, { ...options, title: undefined });
  const heightOf = (svg: string) => Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? 0);
  const [h1, h2] = [heightOf(top), heightOf(bottom)];
  // Nested <svg> elements keep each panel's own coordinates; the outer one stacks them.
  const place = (svg: string, y: number) => svg.replace(/^<svg/, `<svg x="0" y="${y}"`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h1 + h2}" viewBox="0 0 ${width} ${h1 + h2}">${place(top, 0)}${place(bottom, h1)}</svg>`;
}

/** One line of `scalingSvg`: a group's scores (one per run) at each value of a numeric setting. */
export interface ScalingSeries {
  label: string;
  points: { x: number; scores: number[] }[];
}

/** Options of `scalingSvg`. */
export interface ScalingFigureOptions extends ComparisonFigureOptions {
  /** What the setting is, for the x axis (default "Setting"). */
  xLabel?: string;
  /** A logarithmic x axis, base 2 (widths 16 … 512); every x must then be positive. */
  logX?: boolean;
}

/**
 * How a score depends on a numeric setting (a sweep over widths, say), as SVG: per series, the
 * interquartile mean of the runs' scores at each value with its 95 % stratified-bootstrap
 * interval, the IQMs joined by a line.
 */
export function scalingSvg(series: ScalingSeries[], options: ScalingFigureOptions = {}): string {
  if (!Array.isArray(series) || series.length === 0) throw new ConfigurationError("series must hold at least one series of points; got none");
  const rows = series.flatMap((s) => s.points.map((p) => {
    if (!Number.isFinite(p.x) || (options.logX && p.x <= 0)) throw new ConfigurationError(`series ${JSON.stringify(s.label)}: x must be a finite${options.logX ? ", positive" : ""} number; got ${p.x}`);
    if (p.scores.length === 0) throw new ConfigurationError(`series ${JSON.stringify(s.label)} at x = ${p.x}: scores must hold at least one run's score; got none`);
    const { estimate, interval } = interquartileMeanInterval([p.scores], options.bootstrap);
    return { label: s.label, x: p.x, iqm: estimate, low: interval[0], high: interval[1] };
  }));
  const labels = series.map((s) => s.label);
  const figure = Plot.plot({
    document: options.document ?? defaultDocument(),
    width: options.width ?? 460 + labelWidth(series),
    height: options.height ?? 360,
    marginLeft: 70, marginTop: options.title ? 36 : 16, marginRight: labelWidth(series), marginBottom: 44,
    style: { background: "white", fontSize: "12px" },
    x: { label: options.xLabel ?? "Setting", labelAnchor: "center", labelOffset: 36, ...(options.logX ? { type: "log" as const, base: 2, ticks: [...new Set(rows.map((r) => r.x))] } : {}) },
    y: { label: `IQM of ${options.scoreLabel ?? "score"} (95% interval)`, grid: true, labelAnchor: "center", labelOffset: 52 },
    color: { domain: labels },
    marks: [
      Plot.ruleX(rows, { x: "x", y1: "low", y2: "high", stroke: "label", strokeWidth: 2, strokeOpacity: 0.45 }),
      Plot.lineY(rows, { x: "x", y: "iqm", stroke: "label", strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "x", y: "iqm", fill: "label", r: 3 }),
      ...legendAndTitle(labels, options.title),
    ],
  }) as unknown as Element;
  return finish(figure);
}

/** Options of `signalsSvg`. */
export interface SignalsFigureOptions {
  title?: string;
  width?: number;
  /** Height of each panel (default 180). */
  panelHeight?: number;
  document?: Document;
}

/**
 * Signals from inside runs (`train({ signals })`, `coagent train --log-signals`) as SVG: one
 * panel per signal over the run's steps, one line per run and layer, panels stacked in one file.
 */
export function signalsSvg(records: readonly PlottableSignalRecord[], options: SignalsFigureOptions = {}): string {
  const points = signalPoints(records);
  if (points.length === 0) throw new ConfigurationError("records must hold at least one signal record; got none");
  const width = options.width ?? 760;
  const height = options.panelHeight ?? 180;
  const document = options.document ?? defaultDocument();
  const signals = [...new Set(points.map((p) => p.signal))];
  const series = [...new Set(points.map((p) => p.series))];
  const legend = 12 + 7 * Math.max(...series.map((s) => s.length));
  // One step axis for every panel, so that panels line up even where a signal is missing.
  const steps = points.map((p) => p.step);
  const domain = [Math.min(...steps), Math.max(...steps)];
  const panels = signals.map((signal, k) => {
    const figure = Plot.plot({
      document, width, height: height + (k === 0 && options.title ? 24 : 0),
      marginLeft: 70, marginRight: legend, marginTop: 20 + (k === 0 && options.title ? 24 : 0), marginBottom: 36,
      style: { background: "white", fontSize: "11px" },
      x: { label: "Step", labelAnchor: "center", labelOffset: 30, domain },
      y: { label: signal, grid: true, labelAnchor: "top" },
      color: { domain: series },
      marks: [
        Plot.lineY(points.filter((p) => p.signal === signal), { x: "step", y: "value", stroke: "series", strokeWidth: 1.2 }),
        ...(k === 0 ? series.map((s, j) => Plot.text([s], { text: (d: string) => `— ${d}`, fill: (d: string) => d, frameAnchor: "top-right", dx: 12, dy: 14 * j, textAnchor: "start" })) : []),
        ...(k === 0 && options.title ? [Plot.text([options.title], { frameAnchor: "top", dy: -36, fontWeight: "bold", fontSize: 13 })] : []),
      ],
    }) as unknown as Element;
    return finish(figure);
  });
  let y = 0;
  const placed = panels.map((svg) => {
    const at = y;
    y += Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? height);
    return svg.replace(/^<svg/, `<svg x="0" y="${at}"`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${placed.join("")}</svg>`;
}
