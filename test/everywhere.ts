/**
 * One run everywhere: the whole runs of test/fixtures/everywhere/runs.js as Node 20 computes them
 * (recorded in node20.json by test/packaging/everywhere.test.ts), and the comparison each runtime's test
 * (browser, Deno, workerd) makes with them. CartPole, Acrobot and MountainCarContinuous must be
 * identical everywhere; LunarLander must be identical wherever the engine's own Math.sin, Math.cos
 * and Math.atan2 equal Node 20's (planck.js calls them), and elsewhere its divergence is reported.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

export interface RunSummary {
  run: string;
  steps: number;
  returnsSha256: string;
  agentSha256: string;
  seconds: number;
  returns: number[];
}
export interface Everywhere { engineMathSha256: string; results: RunSummary[] }

export const NODE20_FIXTURE = join(__dirname, "fixtures", "everywhere", "node20.json");

export function node20Runs(): Everywhere {
  return JSON.parse(readFileSync(NODE20_FIXTURE, "utf8")) as Everywhere;
}

/** Where a run left Node 20's: the first episode whose return differs, and the largest difference. */
export function divergence(got: RunSummary, expected: RunSummary): string {
  const first = got.returns.findIndex((r, k) => r !== expected.returns[k]);
  if (first < 0 && got.returns.length === expected.returns.length) return "identical";
  const largest = Math.max(...got.returns.map((r, k) => Math.abs(r - (expected.returns[k] ?? 0))));
  return `differs from episode ${first + 1} (steps ${got.steps} vs ${expected.steps}, largest return difference ${largest.toPrecision(3)})`;
}

/**
 * Asserts that `got` (from `runtime`) repeats Node 20's runs, as the header says, and returns one
 * line per run for the test's log (how long it took, and any LunarLander divergence).
 */
export function expectNode20Runs(runtime: string, got: Everywhere): string[] {
  // Kept for a look when a runtime differs: every return of every run.
  const artifacts = join(__dirname, "..", "test-artifacts");
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, `everywhere-${runtime.split(" ")[0].toLowerCase()}.json`), JSON.stringify({ runtime, ...got }));
  const expected = node20Runs();
  const sameMath = got.engineMathSha256 === expected.engineMathSha256;
  expect(got.results.map((r) => r.run)).toEqual(expected.results.map((r) => r.run));
  return expected.results.map((want, k) => {
    const have = got.results[k];
    const summary = (r: RunSummary) => ({ steps: r.steps, returnsSha256: r.returnsSha256, agentSha256: r.agentSha256 });
    if (!want.run.startsWith("LunarLander") || sameMath) {
      expect(summary(have), `${runtime}: ${want.run} ${divergence(have, want)}`).toEqual(summary(want));
    }
    return `${runtime}: ${have.run}: ${divergence(have, want)}${sameMath ? "" : " (engine Math differs from Node 20's)"}, ${have.seconds.toFixed(1)} s`;
  });
}
