// One run everywhere, Node's part: the long runs of test/fixtures/everywhere/runs.js (1,000
// CartPole episodes, 200 each of Acrobot, MountainCarContinuous and LunarLander) trained with the
// built package give exactly the returns and final agents recorded on Node 20.20 in
// fixtures/everywhere/node20.json, which test/packaging/browser.test.ts, test/packaging/deno.test.ts and
// test/packaging/workerd.test.ts hold Chromium, Deno and workerd to. Regenerate only for a change meant to
// alter learning results (and say so in the commit):
//   UPDATE_EVERYWHERE=1 npx vitest run test/packaging/everywhere.test.ts
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NODE20_FIXTURE, expectNode20Runs, type Everywhere } from "../everywhere";
// @ts-expect-error: a plain ES module shared with the other runtimes, without declarations.
import { runEverywhere } from "../fixtures/everywhere/runs.js";

describe("one run everywhere: Node", () => {
  it("trains the long runs with Node 20.20's returns and final agents", async () => {
    const library = await import("../../dist/index.js");
    await library.init();
    const got = (await runEverywhere(library)) as Everywhere;
    if (process.env.UPDATE_EVERYWHERE === "1") {
      expect(process.versions.node, "record the fixture on Node 20").toMatch(/^20\./);
      const recorded = { ...got, results: got.results.map(({ seconds: _, ...rest }) => rest) };
      writeFileSync(NODE20_FIXTURE, `${JSON.stringify(recorded)}\n`);
    }
    for (const line of expectNode20Runs(`Node ${process.versions.node}`, got)) console.log(line);
  }, 300_000);
});
