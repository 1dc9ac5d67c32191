import { configDefaults, defineConfig } from "vitest/config";

/**
 * The suites that are slow by nature: the packed package installed, bundled and run in browsers,
 * Deno and workerd; docs type-checked against the packed declarations or built into the site;
 * long learning and golden runs; SIGKILL fault injection; the generator's asc-compiled corpus.
 * Everything else is the `unit` project, which `npm run test:fast` runs in under a minute on an
 * idle machine. A new test file is a unit test unless it is listed here.
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
