import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Learning runs are seconds long by design; they assert results, never durations.
    testTimeout: 120_000,
  },
});
