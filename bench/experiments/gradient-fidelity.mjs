// @ts-check
// Gradient fidelity (issue #32, item 1): how good is each rule's learning signal? On a contextual
// bandit shaped like the library's CartPole actor (bench/experiments/fidelity/bandit.mjs), every
// rule's per-sample update before Adam — REINFORCE, Weight Max, STE backprop and discrete MAP
// propagation's search and eligibility variants — is compared per layer with the exact gradient of
// the expected reward (enumerated, n ≤ 8) or an unbiased local-expectation estimate of it (wider),
// from the same samples: cosine and gain of the expected update, relative variance, SNR and the
// cosine of a single sample's update, for hidden widths 8 to 512.
//
//   node bench/experiments/gradient-fidelity.mjs [--setup bernoulli|gaussian] [--widths 8,16,32,64,128,256,512] [--scale 1] [--seed 0] [--out OUT]
//
// writes OUT.json (raw) and OUT.md (OUT: bench/results/gradient-fidelity, or
// bench/results/gradient-fidelity-gaussian with --setup gaussian), and prints the Markdown.
// --setup gaussian measures REINFORCE, MAP propagation and backprop on Gaussian units against the
// pathwise gradient (bench/experiments/fidelity/measure-gaussian.mjs). --scale multiplies every sample count
// (0.1 for a quick look); --report-only rewrites OUT.md from OUT.json. The math lives in bench/experiments/fidelity/, one concept per file,
// each saying which core file it mirrors.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { GAUSSIAN_RULES, measureGaussianWidth } from "./fidelity/measure-gaussian.mjs";
import { measureWidth } from "./fidelity/measure-width.mjs";
import { markdownReport } from "./fidelity/report.mjs";
import { RULES } from "./fidelity/rules.mjs";

/**
 * Samples per width at --scale 1: as many as about a minute and a half of one core allows at the
 * widest (the searches cost O(n²) per sweep), more where they are cheap. The reference takes four
 * times as many of its own, and at least 20,000: its first layer's estimate is the noisiest at
 * large widths, and it costs a fraction of the rules' searches per sample.
 */
const DEFAULT_SAMPLES = /** @type {Record<number, number>} */ ({ 8: 20000, 16: 20000, 32: 16000, 64: 8000, 128: 4000, 256: 1500, 512: 1000 });
const MIN_REFERENCE_SAMPLES = 20000;

const usage = "usage: node bench/experiments/gradient-fidelity.mjs [--setup bernoulli|gaussian] [--widths 8,16,…,512] [--scale 1] [--seed 0] [--out OUT] [--report-only]";
/** One-line error, exit 2. @param {string} message @returns {never} */
function fail(message) {
  process.stderr.write(`gradient-fidelity: ${message} (${usage})\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { widths: { type: "string", default: "8,16,32,64,128,256,512" }, scale: { type: "string", default: "1" }, seed: { type: "string", default: "0" }, out: { type: "string" }, setup: { type: "string", default: "bernoulli" }, "report-only": { type: "boolean", default: false } } }));
} catch (error) {
  fail(/** @type {Error} */ (error).message);
}
if (values.setup !== "bernoulli" && values.setup !== "gaussian") fail(`--setup: expected "bernoulli" or "gaussian", got "${values.setup}"`);
const gaussian = values.setup === "gaussian";
const out = values.out ?? (gaussian ? "bench/results/gradient-fidelity-gaussian" : "bench/results/gradient-fidelity");
const rules = gaussian ? GAUSSIAN_RULES : RULES;
// --report-only: rewrite OUT.md from the committed OUT.json, measuring nothing.
if (values["report-only"]) {
  let saved;
  try {
    saved = JSON.parse(readFileSync(`${out}.json`, "utf8"));
  } catch (error) {
    fail(`--report-only: cannot read ${out}.json: ${/** @type {Error} */ (error).message}`);
  }
  const markdown = markdownReport(saved, `${out}.json`, rules);
  writeFileSync(`${out}.md`, markdown);
  process.stdout.write(markdown);
  process.exit(0);
}
const widths = values.widths.split(",").map(Number);
if (widths.some((w) => !Number.isInteger(w) || w < 1 || w > 4096)) fail(`--widths: expected integers in [1, 4096] separated by commas, got "${values.widths}"`);
const scale = Number(values.scale);
if (!(scale > 0 && Number.isFinite(scale))) fail(`--scale: expected a number > 0, got "${values.scale}"`);
const seed = Number(values.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed: expected an integer >= 0, got "${values.seed}"`);

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const results = [];
for (const width of widths) {
  const samples = Math.max(50, Math.round((DEFAULT_SAMPLES[width] ?? Math.round(20000 * Math.min(1, (128 / width) ** 2))) * scale));
  const start = cpuSeconds();
  const referenceSamples = Math.max(4 * samples, Math.round(MIN_REFERENCE_SAMPLES * scale));
  const result = gaussian ? measureGaussianWidth({ width, samples, referenceSamples, seed }) : measureWidth({ width, samples, referenceSamples, seed });
  const cost = { cpuSeconds: Math.round((cpuSeconds() - start) * 10) / 10 };
  results.push({ ...result, cost });
  process.stderr.write(`width ${width}: ${samples} samples, ${cost.cpuSeconds} CPU s\n`);
}
const args = process.argv.slice(2).join(" ");
const report = { command: `node bench/experiments/gradient-fidelity.mjs${args ? " " + args : ""}`, setup: values.setup, seed, scale, node: process.version, widths: results };
const markdown = markdownReport(report, `${out}.json`, rules);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.json`, JSON.stringify(report, null, 1) + "\n");
writeFileSync(`${out}.md`, markdown);
process.stdout.write(markdown);
