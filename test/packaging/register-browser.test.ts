// A registered task in a browser page (headless Chromium via playwright-core, as
// test/packaging/browser.test.ts): the page maps "coagent" to the browser bundle, imports
// examples/corridor.mjs unchanged, and trains a few episodes, with exactly the returns Node gets.
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS helper shared with `npm run demo`, without type declarations
import { staticServer } from "../../scripts/static-server.mjs";

const CHROMIUM = "/usr/bin/chromium";
const root = join(__dirname, "..", "..");
let server: Server;
let origin = "";

beforeAll(async () => {
  server = staticServer(root);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`test/packaging/register-browser.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`);

describe.skipIf(missing)("a registered task in the browser (headless Chromium)", () => {
  it("a page registers the corridor and trains it, with the returns Node gets", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${origin}/test/fixtures/corridor.html`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 60_000 });
      const result = await page.evaluate(() => (window as unknown as { result: { returns?: number[]; maxEpisodeSteps?: number; error?: string } }).result);
      expect(result.error).toBeUndefined();
      expect(errors).toEqual([]);
      expect(result.maxEpisodeSteps).toBe(100);
      expect(result.returns).toHaveLength(8);
      // The same module and bundle code in Node: the same episodes, bit for bit.
      const coagent = await import(pathToFileURL(join(root, "dist", "index.js")).href);
      await import(pathToFileURL(join(root, "examples", "corridor.mjs")).href);
      await coagent.loadCore();
      const node = coagent.train({ env: "Corridor-v0", algorithm: "weight-max", episodes: 8, seed: 0, hidden: [16, 8] });
      expect(result.returns).toEqual(node.episodeReturns);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
