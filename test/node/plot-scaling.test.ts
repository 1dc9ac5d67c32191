// scalingSvg (coagent/plot): a score against a numeric setting, one line of IQMs per series with
// their bootstrap intervals — the width study's figure (bench/experiments/width-study.mjs).
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../bindings/errors";
import { scalingSvg } from "../../bindings/plot";
import { interquartileMeanInterval } from "../../bindings/stats/bootstrap";

const series = [
  { label: "wide-learner", points: [{ x: 16, scores: [10, 12, 14, 16] }, { x: 64, scores: [40, 44, 48, 52] }, { x: 256, scores: [80, 90, 100, 110] }] },
  { label: "flat", points: [{ x: 16, scores: [20, 21, 22, 23] }, { x: 64, scores: [20, 21, 22, 23] }, { x: 256, scores: [20, 21, 22, 23] }] },
];

const parse = (svg: string) => parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document;

describe("scalingSvg", () => {
  const svg = scalingSvg(series, { xLabel: "Units per hidden layer", scoreLabel: "average return", logX: true, title: "a width study" });
  const document = parse(svg);

  it("draws a dot per point, placed by its interquartile mean, and names every series", () => {
    expect(svg.startsWith("<svg")).toBe(true);
    const dots = Array.from(document.querySelectorAll("circle"));
    expect(dots).toHaveLength(6);
    for (const label of ["wide-learner", "flat", "Units per hidden layer", "a width study"]) expect(svg).toContain(label);
    // SVG's y grows downwards: the wide learner's dots rise with x; the flat series' stay level.
    const ys = dots.map((d) => Number(d.getAttribute("cy")));
    const xs = dots.map((d) => Number(d.getAttribute("cx")));
    const learner = ys.slice(0, 3);
    expect(learner[0]).toBeGreaterThan(learner[1]);
    expect(learner[1]).toBeGreaterThan(learner[2]);
    expect(new Set(ys.slice(3)).size).toBe(1);
    // A log-2 axis: 16 → 64 and 64 → 256 are the same distance.
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1], 6);
  });

  it("draws each point's 95% interval as the bootstrap of the statistics module computes it", () => {
    const dots = Array.from(document.querySelectorAll("circle")).slice(0, 3);
    const [first, , last] = series[0].points.map((p) => interquartileMeanInterval([p.scores]));
    const [cyFirst, cyLast] = [Number(dots[0].getAttribute("cy")), Number(dots[2].getAttribute("cy"))];
    const toPixels = (v: number) => cyFirst + ((v - first.estimate) * (cyLast - cyFirst)) / (last.estimate - first.estimate);
    const at = Number(dots[2].getAttribute("cx"));
    const rule = Array.from(document.querySelectorAll("line")).find((l) => Math.abs(Number(l.getAttribute("x1")) - at) < 1e-6 && l.getAttribute("y1") !== l.getAttribute("y2"))!;
    const ends = [Number(rule.getAttribute("y1")), Number(rule.getAttribute("y2"))].sort((a, b) => a - b);
    const expected = last.interval.map(toPixels).sort((a, b) => a - b);
    expect(ends[0]).toBeCloseTo(expected[0], 1);
    expect(ends[1]).toBeCloseTo(expected[1], 1);
  });

  it("refuses no series, a point without scores and a non-positive x on a log axis", () => {
    expect(() => scalingSvg([])).toThrow(ConfigurationError);
    expect(() => scalingSvg([{ label: "a", points: [{ x: 1, scores: [] }] }])).toThrow(/series "a" at x = 1: scores must hold at least one run's score/);
    expect(() => scalingSvg([{ label: "a", points: [{ x: 0, scores: [1] }] }], { logX: true })).toThrow(/series "a": x must be a finite, positive number; got 0/);
    expect(scalingSvg([{ label: "a", points: [{ x: 0, scores: [1] }] }])).toContain("<svg");
  });
});
