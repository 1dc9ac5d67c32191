// @ts-check
// The Markdown report of a gradient-fidelity run: one table per measure and layer, rules down,
// widths across.

import { LAYERS } from "./measure-width.mjs";

/** @param {number | null} v @param {number} digits */
const fixed = (v, digits) => (v === null || !Number.isFinite(v) ? "—" : v.toFixed(digits));
/** @param {number} v */
const scientific = (v) => (Number.isFinite(v) ? v.toExponential(1).replace("e+", "e") : "—");

/** What each table shows, and how one measure is printed. */
const MEASURES = [
  { key: "cosine", title: "cosine of the expected update with ∇J (— : the mean's noise exceeds half its norm at this sample count)", cell: (/** @type {any} */ m) => fixed(m.cosine, 3) },
  { key: "gain", title: "gain ⟨E[u], ∇J⟩ / ‖∇J‖² ± standard error (1 for an unbiased estimator)", cell: (/** @type {any} */ m) => `${fixed(m.gain, 2)} ± ${fixed(m.gainStandardError, 2)}` },
  { key: "relativeVariance", title: "relative variance E‖u − E[u]‖² / ‖∇J‖² of one sample's update", cell: (/** @type {any} */ m) => scientific(m.relativeVariance) },
  { key: "snr", title: "signal-to-noise ratio ‖E[u]‖² / E‖u − E[u]‖² of one sample's update", cell: (/** @type {any} */ m) => scientific(m.snr) },
  { key: "singleSampleCosine", title: "mean cosine of one sample's update with ∇J", cell: (/** @type {any} */ m) => fixed(m.singleSampleCosine, 3) },
];

/**
 * @param {{ command: string, setup?: string, widths: any[] }} results
 * @param {string} rawFile  where the raw results were written
 * @param {{ name: string, settings: string }[]} rules  the rules measured, in table order
 */
export function markdownReport(results, rawFile, rules) {
  const widths = results.widths;
  const header = `| rule | ${widths.map((w) => `n = ${w.width}`).join(" | ")} |\n| --- | ${widths.map(() => "---:").join(" | ")} |`;
  const lines = [
    "# Gradient fidelity of each rule's learning signal",
    "",
    `\`${results.command}\` (bench/experiments/gradient-fidelity.mjs; raw results: ${rawFile}).`,
    "",
    results.setup === "gaussian"
      ? `A contextual bandit: 4 inputs → n Gaussian (softplus, σ² 0.03) → n Gaussian (σ² 0.1) → two logits at temperature 2, fixed Glorot weights, zero biases, ${widths[0]?.bandit.states} states, reward 1 for the action a fixed linear teacher picks (baseline 0.5).`
      : `A contextual bandit: 4 inputs → n Bernoulli → n Bernoulli → a logit beside a fixed zero logit, fixed Glorot weights, ${widths[0]?.bandit.states} states, reward 1 for the action a fixed linear teacher picks (baseline 0.5).`,
    results.setup === "gaussian"
      ? "Every rule's per-sample update before Adam, on the same samples, against the pathwise (reparameterisation) gradient averaged over samples of its own."
      : "Every rule's per-sample update before Adam, on the same samples, against the exact gradient (n ≤ 8, enumerated) or a local-expectation estimate of it.",
    "",
    "Samples per width: " + widths.map((w) => `n = ${w.width}: ${w.samples} (reference ${w.reference[0].localExpectationSamples ?? w.reference[0].pathwiseSamples})`).join(", ") + ".",
    "",
    `Reference precision (relative standard error of the ${results.setup === "gaussian" ? "pathwise" : "local-expectation"} estimate per layer` + (widths.some((w) => w.reference[0].kind === "exact") ? "; where the exact gradient exists, its relative error against it" : "") + "): " +
      widths.map((w) => `n = ${w.width}: ${w.reference.map((r) => fixed(r.localExpectationRelativeStandardError ?? r.pathwiseRelativeStandardError, 3) + (r.localExpectationRelativeError !== undefined ? ` (error ${fixed(r.localExpectationRelativeError, 3)})` : "")).join(" / ")}`).join("; ") + ".",
    "",
  ];
  lines.push(...summaryTable(results, rules), "");
  for (const measure of MEASURES) {
    for (const [l, layer] of LAYERS.entries()) {
      lines.push(`## ${layer}: ${measure.title}`, "", header);
      for (const { name } of rules) {
        const cells = widths.map((w) => measure.cell(w.rules.find((/** @type {any} */ r) => r.rule === name).layers[l]));
        lines.push(`| ${name} | ${cells.join(" | ")} |`);
      }
      lines.push("");
    }
  }
  lines.push("Rules:", "", ...rules.map(({ name, settings }) => `- ${name}: ${settings}`), "");
  return lines.join("\n");
}

/**
 * The summary the docs quote (docs/learning-rules.md): per rule, from the narrowest width that is
 * not enumerated to the widest, the cosine of the expected update and the relative variance of
 * both hidden layers, and the second layer's single-sample cosine.
 * @param {{ widths: any[] }} results
 * @param {{ name: string }[]} rules
 */
export function summaryTable(results, rules) {
  const sampled = results.widths.filter((w) => w.reference[0].kind !== "exact");
  if (sampled.length === 0) return [];
  const [first, last] = [sampled[0], sampled.at(-1)];
  /** @param {string} name @param {number} l @param {(m: any) => string} cell */
  const span = (name, l, cell) => [first, last].map((w) => cell(w.rules.find((/** @type {any} */ r) => r.rule === name).layers[l])).join(" → ");
  return [
    `## Summary: n = ${first.width} → n = ${last.width}`,
    "",
    "| rule | cosine of E[u], hidden 1 | cosine of E[u], hidden 2 | relative variance, hidden 1 | relative variance, hidden 2 | one sample's cosine, hidden 2 |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rules.map(({ name }) => `| ${name} | ${span(name, 0, (m) => fixed(m.cosine, 2))} | ${span(name, 1, (m) => fixed(m.cosine, 2))} | ${span(name, 0, (m) => scientific(m.relativeVariance))} | ${span(name, 1, (m) => scientific(m.relativeVariance))} | ${span(name, 1, (m) => fixed(m.singleSampleCosine, 3))} |`),
  ];
}
