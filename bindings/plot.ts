/**
 * Learning-curve figures as SVG, drawn with Observable Plot (`coagent/plot`): in a browser
 * against the page's `document`, in Node against linkedom's DOM. As in the paper's Figure 1: per
 * algorithm, the 100-episode running average of the return, mean over seeds, with a ±1 std band.
 * A subpath of its own because Observable Plot and d3 are several times the rest of the library.
  *
 * @module coagent/plot
 */
import * as Plot from "@observablehq/plot";
import { ConfigurationError } from "./errors.js";
import { requireInNode } from "./core/host.js";
import { curveBand, type CurveSeries } from "./training/curves.js";

export { curveBand, runningAverage, type CurvePoint, type CurveSeries } from "./training/curves.js";

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
