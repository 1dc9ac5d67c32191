// The demo page as a user meets it: built by `npm run build:demo` (scripts/build-demo.mjs) into
// static files, served by a plain static server, opened in headless Chromium (Debian's package,
// driven by playwright-core). It must explain itself before Start, then show each team (network
// view), what its rule tells the units (rule panel) and readable curves, all changing while
// training runs — on a desktop and on a phone-sized screen. Screenshots go to test-artifacts/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS helper shared with `npm run demo`, without type declarations
import { staticServer } from "../scripts/static-server.mjs";

const CHROMIUM = "/usr/bin/chromium";
const root = join(__dirname, "..");
const artifacts = join(root, "test-artifacts");
const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`test/demo.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`);

let server: Server;
let origin = "";

beforeAll(async () => {
  if (missing) return;
  execFileSync("node", ["scripts/build-demo.mjs"], { cwd: root, stdio: "pipe" });
  server = staticServer(join(root, "site/demo"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  mkdirSync(artifacts, { recursive: true });
});

afterAll(() => (server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined));

interface DemoState {
  frames: number;
  runs: Record<string, { algorithm: string; steps: number; seconds: number; snapshots: number; drawn: number; episodes: number; energy?: [number, number] }>;
}
const state = (page: Page) => page.evaluate(() => (window as unknown as { demoState: () => DemoState }).demoState());

/** A hash of a canvas's pixels and how many of them are inked (not near-white). */
const pixels = (page: Page, selector: string) => page.evaluate((sel) => {
  const canvas = document.querySelector(sel) as HTMLCanvasElement;
  const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0, hash = 0;
  for (let k = 0; k < data.length; k += 4) {
    if (data[k] + data[k + 1] + data[k + 2] < 690 && data[k + 3] > 0) inked++;
    hash = (Math.imul(hash, 31) + data[k] + 7 * data[k + 1] + 13 * data[k + 2]) | 0;
  }
  return { inked, hash, width: canvas.width, height: canvas.height };
}, selector);

/** Pixel counts of a canvas near each colour (r, g, b within `tolerance`), read in one go. */
const coloured = (page: Page, selector: string, colours: [number, number, number][], tolerance = 40) => page.evaluate(([sel, list, tol]) => {
  const canvas = document.querySelector(sel as string) as HTMLCanvasElement;
  const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
  return (list as [number, number, number][]).map(([r, g, b]) => {
    let n = 0;
    for (let k = 0; k < data.length; k += 4) if (Math.abs(data[k] - r) + Math.abs(data[k + 1] - g) + Math.abs(data[k + 2] - b) < (tol as number)) n++;
    return n;
  });
}, [selector, colours, tolerance] as const);
/**
 * Reads the colour counts until `ready` holds or about 10 s pass, and returns the last read. Some
 * steps show nothing: at an episode's start the TD error is 0, and so is every unit's reward.
 */
async function colouredWhen(page: Page, selector: string, colours: [number, number, number][], ready: (counts: number[]) => boolean) {
  let counts = await coloured(page, selector, colours);
  for (let tries = 0; tries < 40 && !ready(counts); tries++) {
    await page.waitForTimeout(250);
    counts = await coloured(page, selector, colours);
  }
  return counts;
}
const TEAL: [number, number, number] = [20, 130, 140];
const RED: [number, number, number] = [205, 50, 50];

async function launch() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
}

/** Waits until the teams on `sides` have drawn `snapshots` snapshots and both have finished `episodes` episodes. */
async function waitForTraining(page: Page, snapshots: number, episodes: number, sides = ["left", "right"]) {
  await page.waitForFunction(([n, e, drawing]) => {
    const runs = (window as unknown as { demoState: () => DemoState }).demoState().runs;
    return ["left", "right"].every((side) => runs[side] && runs[side].episodes >= (e as number)) &&
      (drawing as string[]).every((side) => runs[side].drawn >= (n as number));
  }, [snapshots, episodes, sides] as const, { timeout: 30_000, polling: 200 });
}

describe.skipIf(missing)("the demo page, built and served as static files", () => {
  it("explains itself, then shows the teams, MAP propagation's settling, REINFORCE's shared reward and readable curves, all changing", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${origin}/index.html`);
      // Before Start: what will happen, an obvious Start, the default pairing.
      expect(await page.textContent("#intro")).toMatch(/every unit of a neural network is a small reinforcement-learning agent/);
      expect(await page.isVisible("#start")).toBe(true);
      expect(await page.textContent("#start")).toBe("Start");
      expect(await page.inputValue("#left")).toBe("map-prop");
      expect(await page.inputValue("#right")).toBe("reinforce");
      expect(await page.textContent("#run-left .caption")).toMatch(/^MAP propagation\. .*energy/);
      expect(await page.textContent("#run-right .caption")).toMatch(/^REINFORCE\. .*same single number/);
      await page.screenshot({ path: join(artifacts, "demo-before-start.png") });

      await page.click("#start");
      await waitForTraining(page, 3, 3);
      const first = {
        leftNet: await pixels(page, "#run-left canvas.net"), rightNet: await pixels(page, "#run-right canvas.net"),
        leftRule: await pixels(page, "#run-left canvas.rule-canvas"), rightRule: await pixels(page, "#run-right canvas.rule-canvas"),
        curve: await pixels(page, "#curve"), state: await state(page),
      };
      // The network views: dots and lines over a good part of the canvas.
      for (const net of [first.leftNet, first.rightNet]) expect(net.inked).toBeGreaterThan(0.05 * net.width * net.height);
      // MAP propagation's panel: the energy curve in its violet; REINFORCE's: bars of one sign.
      expect((await coloured(page, "#run-left canvas.rule-canvas", [[106, 61, 154]]))[0]).toBeGreaterThan(50);
      const [before, after] = first.state.runs.left.energy!;
      expect(after).toBeLessThan(before);
      // Both counts from one read of the canvas: a redraw in between could flip the sign.
      const [teal, red] = await colouredWhen(page, "#run-right canvas.rule-canvas", [TEAL, RED], ([t, r]) => t + r > 500);
      expect(teal + red).toBeGreaterThan(500);
      expect(Math.min(teal, red)).toBe(0); // every unit got the same δ, so every bar has the same sign
      expect(await page.textContent("#run-left .status")).toMatch(/^episode \d+ · [\d,]+ steps in/);

      // Everything moves while training goes on.
      await page.waitForFunction((s) => {
        const runs = (window as unknown as { demoState: () => DemoState }).demoState().runs;
        return runs.left.drawn >= s.left.drawn + 5 && runs.right.drawn >= s.right.drawn + 5;
      }, first.state.runs, { timeout: 20_000, polling: 200 });
      await page.waitForTimeout(600); // a curve redraw
      const second = await state(page);
      expect(second.runs.left.steps).toBeGreaterThan(first.state.runs.left.steps);
      expect(second.frames).toBeGreaterThan(first.state.frames);
      for (const [selector, before] of [
        ["#run-left canvas.net", first.leftNet], ["#run-right canvas.net", first.rightNet],
        ["#run-left canvas.rule-canvas", first.leftRule], ["#run-right canvas.rule-canvas", first.rightRule], ["#curve", first.curve],
      ] as const) {
        expect((await pixels(page, selector)).hash, selector).not.toBe(before.hash);
      }
      // Curves: both colours' lines, a legend, ticks labelled in environment steps, a read-out under the pointer.
      const [blue, orange] = await coloured(page, "#curve", [[66, 105, 208], [232, 89, 12]], 30);
      expect(blue).toBeGreaterThan(20);
      expect(orange).toBeGreaterThan(20);
      expect(await page.textContent("#legend")).toMatch(/MAP propagation.*REINFORCE.*running mean/);
      await page.locator("#curve").scrollIntoViewIfNeeded();
      const box = (await page.locator("#curve").boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
      expect(await page.textContent("#readout")).toMatch(/^At [\d,]+ steps: MAP propagation: (-?\d+\.\d|no data yet).* · REINFORCE: /);
      await page.check("input[name=x][value=seconds]");
      await page.mouse.move(box.x + box.width * 0.3 + 2, box.y + box.height / 2);
      expect(await page.textContent("#readout")).toMatch(/^At \d+(\.\d)? s: /);
      await page.screenshot({ path: join(artifacts, "demo-desktop.png"), fullPage: true });

      // Pause stops training; the view can be switched off.
      await page.click("#pause");
      await page.waitForTimeout(300);
      const paused = await state(page);
      await page.waitForTimeout(500);
      expect((await state(page)).runs.left.steps).toBe(paused.runs.left.steps);
      await page.uncheck("#view");
      expect(await page.isVisible("#run-left canvas.net")).toBe(false);
      expect(await page.textContent("#message")).toBe("");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("works on a phone-sized screen and shows Weight Maximization's own rewards next to the TD error", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${origin}/index.html?left=weight-max&right=reinforce&seeds=2`);
      // Start is on the first screen, nothing is wider than the phone.
      const start = (await page.locator("#start").boundingBox())!;
      expect(start.y + start.height).toBeLessThan(844);
      await page.screenshot({ path: join(artifacts, "demo-phone-before-start.png") });
      await page.tap("#start");
      // Only what is on screen is drawn: scroll to the left team, as a reader would.
      await page.locator("#run-left canvas.rule-canvas").scrollIntoViewIfNeeded();
      await waitForTraining(page, 3, 3, ["left"]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.textContent("#run-left .caption")).toMatch(/^Weight Maximization\. .*outgoing weights/);
      // Own rewards differ in sign from unit to unit: both colours among the bars (not in every
      // step: the units that fired may happen to agree).
      const [positive, negative] = await colouredWhen(page, "#run-left canvas.rule-canvas", [TEAL, RED], ([p, n]) => p > 20 && n > 20);
      expect(positive).toBeGreaterThan(20);
      expect(negative).toBeGreaterThan(20);
      // Two seeds per team: the legend says so and the curves draw a band.
      expect(await page.textContent("#legend")).toMatch(/Weight Maximization \(2 seeds\).*band: lowest to highest seed/);
      // Out of sight, the right team was not drawn; in sight, it is.
      const drawnBefore = (await state(page)).runs.right.drawn;
      await page.locator("#run-right canvas.rule-canvas").scrollIntoViewIfNeeded();
      await page.waitForFunction((n) => (window as unknown as { demoState: () => DemoState }).demoState().runs.right.drawn > n, drawnBefore, { timeout: 10_000 });
      await page.screenshot({ path: join(artifacts, "demo-phone.png"), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
