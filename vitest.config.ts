import { configDefaults, defineConfig } from "vitest/config";

/**
 * The suites that are slow by nature: the packed package installed, bundled and run in browsers,
 * Deno and workerd; docs type-checked against the packed declarations or built into the site;
 * long learning and golden runs; SIGKILL fault injection; the generator's asc-compiled corpus; the
 * JS backend's thousand-step agreement with Wasm; the built CLI run in child processes.
 * Everything else is the `unit` project (`npm run test:unit`), meant to run in under a minute on
 * an idle machine: `npx vitest run --project unit` took 48.8 s on the 2-core machine of
 * 2026-12-07, in a scheduler group of its own at high priority (other jobs were running).
 * A new test file is a unit test unless it is listed here.
 */
const slow = [
  "test/packaging/**/*.test.ts",
  "test/repo/snippets.test.ts",
  "test/repo/environments-docs.test.ts",
  "test/repo/docs-site.test.ts",
  "test/training/golden.test.ts",
  "test/training/learning.test.ts",
  "test/node/fault-injection.test.ts",
  "test/core/js-core-generator.test.ts",
  "test/core/jsbackend.test.ts",
  // Long by design: runs stopped at every step and resumed, checkpoint round trips with a child
  // process, the scalar build against the SIMD one over whole runs, signals recorded along runs,
  // 10,000 create/dispose cycles, millions of math arguments, bandit training runs.
  "test/training/resume.test.ts",
  "test/training/checkpoint.test.ts",
  "test/training/signals.test.ts",
  "test/core/scalar.test.ts",
  "test/core/hygiene.test.ts",
  "test/core/portable-math.test.ts",
  "test/envs/multiplexer.test.ts",
  // The built CLI in child processes, as a user runs it: end to end.
  "test/node/cli.test.ts",
  "test/node/cli-settings.test.ts",
  "test/node/sweep.test.ts",
  "test/node/experiment.test.ts",
  "test/node/register-cli.test.ts",
  "test/node/stats-compare.test.ts",
  "test/node/paths.test.ts",
  "test/node/cli-axes.test.ts",
  "test/node/compare-markdown.test.ts",
  // Reruns every compare command behind the docs' tables (the built CLI, end to end).
  "test/repo/docs-tables.test.ts",
];

export default defineConfig({
  test: {
    // Learning runs are seconds long by design; they assert results, never durations.
    testTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, ...slow] } },
      { extends: true, test: { name: "slow", include: slow } },
    ],
  },
});
