// The browser bundle in headless Chromium (Debian's package, driven by playwright-core): it
// trains in a Web Worker with exactly the returns Node gets, and the page draws a frame and a curve;
// the long runs of test/fixtures/everywhere/runs.js repeat Node 20's (test/everywhere.ts says which
// must be identical).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCore } from "../../bindings/core/core";
import { train } from "../../bindings/training/train";
import { expectNode20Runs, type Everywhere } from "../everywhere";

const CHROMIUM = "/usr/bin/chromium";
const root = join(__dirname, "..", "..");
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".map": "application/json" };
let server: Server;
let origin = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname)).replace(/^([/\\])+/, "");
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`test/packaging/browser.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`);

describe.skipIf(missing)("browser (headless Chromium)", () => {
  it("trains CartPole in a Web Worker with the same returns as Node, and draws a frame and a curve", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${origin}/test/fixtures/browser.html`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 60_000 });
      const result = await page.evaluate(() => (window as unknown as { result: { returns?: number[]; error?: string } }).result);
      expect(result.error).toBeUndefined();
      expect(errors).toEqual([]);
      await loadCore();
      const node = train({ env: "CartPole-v1", algorithm: "map-prop", episodes: 5, seed: 0 });
      expect(result.returns).toEqual(node.episodeReturns);
      // The frame: the cart and pole drawn in dark and wood colours on white.
      const painted = await page.evaluate(() => {
        const ctx = (document.getElementById("frame") as HTMLCanvasElement).getContext("2d")!;
        const pixels = ctx.getImageData(0, 0, 600, 400).data;
        let dark = 0;
        for (let k = 0; k < pixels.length; k += 4) if (pixels[k] < 100 && pixels[k + 1] < 100 && pixels[k + 2] < 100) dark++;
        return dark;
      });
      expect(painted).toBeGreaterThan(50 * 30 * 0.9); // at least the 50×30 px cart
      expect(await page.locator("#curve svg path").count()).toBeGreaterThanOrEqual(2);
      mkdirSync(join(root, "test-artifacts"), { recursive: true });
      await page.screenshot({ path: join(root, "test-artifacts", "browser.png") });
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("repeats Node 20's long runs in a Web Worker: 1,000 CartPole episodes, 200 of Acrobot, MountainCarContinuous, LunarLander", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/test/fixtures/everywhere/browser.html`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 590_000, polling: 500 });
      const result = await page.evaluate(() => (window as unknown as { result: Everywhere & { error?: string } }).result);
      expect(result.error).toBeUndefined();
      const version = browser.version();
      for (const line of expectNode20Runs(`Chromium ${version}`, result)) console.log(line);
    } finally {
      await browser.close();
    }
  }, 600_000);
});

// The demo page (examples/demo) has its own test: test/packaging/demo.test.ts.
