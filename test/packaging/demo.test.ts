// The demo page as a user meets it: built by `npm run build:demo` (scripts/build-demo.mjs) into
// static files, served by the repository's static server (gzip, ETags, cache headers, as a host
// would), opened in headless Chromium (Debian's package, driven by playwright-core). It must
// explain itself before Start, show each task's own picture, keep a running pair as it was
// started when Options change, show each team, what its rule tells the units and readable curves,
// play episodes of a policy in real time, load no more than its task needs, and work on a phone
// without layout shifts or scroll traps. Screenshots go to test-artifacts/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Agent, loadCore, makeEnv } from "../../bindings";
// @ts-expect-error: plain JS helper shared with `npm run demo`, without type declarations
import { staticServer } from "../../scripts/static-server.mjs";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const root = join(__dirname, "..", "..");
const site = join(root, "site/demo");
const artifacts = join(root, "test-artifacts");
const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`test/packaging/demo.test.ts skipped: ${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run does this)`);

/** Every response the server sent: path, status, bytes of body as sent (gzipped where the browser accepts it). */
interface Sent { path: string; status: number; bytes: number; encoding: string }
let sent: Sent[] = [];
let server: Server;
let origin = "";

beforeAll(async () => {
  if (missing) return;
  execFileSync("node", ["scripts/build-demo.mjs"], { cwd: root, stdio: "pipe" });
  server = staticServer(site, {}, { onResponse: (r: Sent) => sent.push(r) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  mkdirSync(artifacts, { recursive: true });
  await loadCore();
});

afterAll(() => (server ? new Promise<void>((resolve) => server.close(() => resolve())) : undefined));

interface RunState { algorithm: string; env: string; steps: number; seconds: number; snapshots: number; drawn: number; episodes: number; energy?: [number, number] }
interface DemoState {
  frames: number;
  running?: { env: string; left: string; right: string };
  titles: Record<string, string>;
  runs: Record<string, RunState>;
  watch: { env?: string; episode: number; steps: number; playing: boolean; done: boolean; speed: number; fps: number };
  curves: { shared: boolean; logX: boolean; xMax: number; reach: number[]; yRange?: [number, number]; best?: number };
}
const state = (page: Page) => page.evaluate(() => (window as unknown as { demoState: () => DemoState }).demoState());
const ready = (page: Page) => page.waitForFunction(() => typeof (window as unknown as { demoState?: unknown }).demoState === "function");

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
 * Reads the colour counts until `ok` holds or about 10 s pass, and returns the last read. Some
 * steps show nothing: at an episode's start the TD error is 0, and so is every unit's reward.
 */
async function colouredWhen(page: Page, selector: string, colours: [number, number, number][], ok: (counts: number[]) => boolean) {
  let counts = await coloured(page, selector, colours);
  for (let tries = 0; tries < 40 && !ok(counts); tries++) {
    await page.waitForTimeout(250);
    counts = await coloured(page, selector, colours);
  }
  return counts;
}
const TEAL: [number, number, number] = [20, 130, 140];
const RED: [number, number, number] = [205, 50, 50];

// Each task's picture by the colours only it draws (bindings/render/*.ts): CartPole's pole,
// Acrobot's cyan links, MountainCar's yellow flag on a scene without either, LunarLander's lander.
const POLE: [number, number, number] = [202, 152, 101];
const LINK: [number, number, number] = [0, 204, 204];
const FLAG: [number, number, number] = [204, 204, 0];
const LANDER: [number, number, number] = [128, 102, 230];
const taskColours = [POLE, LINK, FLAG, LANDER];
/** Which task a canvas shows, judged by those colours. */
async function taskOnCanvas(page: Page, selector: string): Promise<string> {
  const [pole, link, flag, lander] = await coloured(page, selector, taskColours, 12);
  if (lander > 20) return "LunarLander";
  if (link > 20) return "Acrobot";
  if (pole > 20) return "CartPole";
  if (flag > 5) return "MountainCar";
  return "nothing";
}

const launch = async (): Promise<Browser> => (await import("playwright-core")).chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });

/** Waits until the teams on `sides` have drawn `snapshots` snapshots and both have finished `episodes` episodes. */
async function waitForTraining(page: Page, snapshots: number, episodes: number, sides = ["left", "right"]) {
  await page.waitForFunction(([n, e, drawing]) => {
    const runs = (window as unknown as { demoState: () => DemoState }).demoState().runs;
    return ["left", "right"].every((side) => runs[side] && runs[side].episodes >= (e as number)) &&
      (drawing as string[]).every((side) => runs[side].drawn >= (n as number));
  }, [snapshots, episodes, sides] as const, { timeout: 60_000, polling: 200 });
}

/** The JavaScript files a built entry imports statically, transitively (what it must load before it runs). */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(join(site, entry), "utf8");
  for (const [, file] of source.matchAll(/(?:from|import)\s*"\.\/([\w-]+\.js)"/g)) staticClosure(file, seen);
  return seen;
}

/** A policy file for `id`, from a freshly made agent (what `agent.policy().save()` writes). */
function policyFile(id: "CartPole-v1" | "Acrobot-v1" | "MountainCarContinuous-v0" | "LunarLander-v2") {
  const agent = Agent.create({ algorithm: "weight-max", env: makeEnv(id, { seed: 1 }), seed: 1 });
  const bytes = agent.policy().save();
  agent.dispose();
  return { name: `${id}.policy`, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) };
}

describe.skipIf(missing)("the demo page, built and served as static files", () => {
  it("explains itself, loads under 120 kB for CartPole, then shows the teams, the rules at work and readable curves", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      sent = [];
      await page.goto(`${origin}/index.html`);
      await ready(page);
      // Before Start: what will happen, an obvious Start, the default pairing, what each team is made of.
      const intro = (await page.textContent("#intro"))!;
      expect(intro).toMatch(/every unit of a neural network is a small reinforcement-learning agent/);
      expect(intro).not.toMatch(/same network and the same critic/);
      // The defaults differ in their hidden units, outputs and critics, and the intro says so.
      expect(intro).toMatch(/Left: MAP propagation.*4 inputs → 64 → 32 Gaussian units.*2 output units.*Critic: a MAP-propagation critic/s);
      expect(intro).toMatch(/Right: REINFORCE.*4 inputs → 64 → 32 Bernoulli units.*1 learned output unit and a fixed zero logit for “push right”.*Critic: a value network/s);
      const links = await page.$$eval("#intro a", (as) => as.map((a) => (a as HTMLAnchorElement).href));
      expect(links).toEqual(expect.arrayContaining(["https://arxiv.org/abs/2010.07893", "https://doi.org/10.1609/aaai.v36i6.20589", "https://github.com/coagent/coagent"]));
      expect(links.some((l) => l.startsWith("https://github.com/coagent/coagent/") && l.includes("/docs"))).toBe(true);
      expect(intro).toMatch(/arXiv:2010\.09770/);
      expect(await page.textContent("#start")).toBe("Start");
      expect(await page.textContent("#run-left .caption")).toMatch(/^MAP propagation\. .*energy/);
      expect(await page.textContent("#run-right .caption")).toMatch(/^REINFORCE\. .*same single number/);
      expect(await taskOnCanvas(page, "#run-left canvas.env")).toBe("CartPole");
      await page.screenshot({ path: join(artifacts, "demo-before-start.png") });

      await page.click("#start");
      await page.waitForFunction(() => {
        const runs = (window as unknown as { demoState: () => DemoState }).demoState().runs;
        return runs.left?.steps > 0 && runs.right?.steps > 0;
      }, undefined, { polling: 50 });
      // Weight: what was sent before the first training steps, JavaScript and Wasm, as sent (gzipped).
      const before = sent.filter((r) => /\.(js|wasm)$/.test(r.path));
      const bytes = before.reduce((sum, r) => sum + r.bytes, 0);
      console.log(`demo: ${bytes} bytes of JavaScript and Wasm before training on CartPole: ${before.map((r) => `${r.path} ${r.status} ${r.bytes}`).join(", ")}`);
      expect(bytes).toBeLessThanOrEqual(120_000);
      expect(before.every((r) => r.encoding === "gzip" || r.status === 304)).toBe(true);
      // Every file came with a body once: the workers reuse the page's chunk and core from the cache.
      const bodies = before.filter((r) => r.status === 200).map((r) => r.path);
      expect(new Set(bodies).size).toBe(bodies.length);
      // Exactly the static imports of the page and the worker, and the core: no planck, no Plot, no inlined cores.
      const needed = new Set([...staticClosure("demo.js"), ...staticClosure("worker.js")].map((f) => `/${f}`));
      const core = readdirSync(site).find((f) => /^core64-\w{8}\.wasm$/.test(f));
      expect(new Set(bodies)).toEqual(new Set([...needed, `/${core}`]));

      // The teams are drawn while in sight: bring them into view, as a reader scrolls to them.
      await page.locator("#run-left canvas.net").scrollIntoViewIfNeeded();
      await waitForTraining(page, 3, 3);
      const first = {
        leftNet: await pixels(page, "#run-left canvas.net"), rightNet: await pixels(page, "#run-right canvas.net"),
        leftRule: await pixels(page, "#run-left canvas.rule-canvas"), rightRule: await pixels(page, "#run-right canvas.rule-canvas"),
        state: await state(page),
      };
      for (const net of [first.leftNet, first.rightNet]) expect(net.inked).toBeGreaterThan(0.05 * net.width * net.height);
      // MAP propagation's panel: the energy curve in its violet; REINFORCE's: bars of one sign.
      expect((await coloured(page, "#run-left canvas.rule-canvas", [[106, 61, 154]]))[0]).toBeGreaterThan(50);
      const [energyBefore, energyAfter] = first.state.runs.left.energy!;
      expect(energyAfter).toBeLessThan(energyBefore);
      const [teal, red] = await colouredWhen(page, "#run-right canvas.rule-canvas", [TEAL, RED], ([t, r]) => t + r > 500);
      expect(teal + red).toBeGreaterThan(500);
      expect(Math.min(teal, red)).toBe(0); // every unit got the same δ, so every bar has the same sign
      expect(await page.textContent("#run-left .status")).toMatch(/^episode \d+ · [\d,]+ steps in/);

      // Everything moves while training goes on.
      await page.waitForFunction((s) => {
        const runs = (window as unknown as { demoState: () => DemoState }).demoState().runs;
        return runs.left.drawn >= s.left.drawn + 5 && runs.right.drawn >= s.right.drawn + 5;
      }, first.state.runs, { timeout: 30_000, polling: 200 });
      for (const [selector, earlier] of [
        ["#run-left canvas.net", first.leftNet], ["#run-right canvas.net", first.rightNet],
        ["#run-left canvas.rule-canvas", first.leftRule], ["#run-right canvas.rule-canvas", first.rightRule],
      ] as const) {
        expect((await pixels(page, selector)).hash, selector).not.toBe(earlier.hash);
      }

      // Curves: in sight, both colours' lines, a legend, ticks labelled in environment steps, a read-out under the pointer.
      await page.locator("#curves").scrollIntoViewIfNeeded();
      await page.waitForTimeout(700); // a curve redraw
      const [blue, orange] = await coloured(page, "#curve", [[66, 105, 208], [232, 89, 12]], 30);
      expect(blue).toBeGreaterThan(20);
      expect(orange).toBeGreaterThan(20);
      expect(await page.textContent("#legend")).toMatch(/MAP propagation.*REINFORCE.*running mean/);
      // No clipping at the top: the y-axis reaches above the best return.
      const plain = await state(page);
      expect(plain.curves.yRange![1]).toBeGreaterThan(plain.curves.best!);
      // The full range ends at the faster team's latest episode; the shared one at the slower team's.
      expect(plain.curves.xMax).toBe(Math.max(...plain.curves.reach));
      await page.check("#shared");
      const shared = await state(page);
      expect(shared.curves.shared).toBe(true);
      expect(shared.curves.xMax).toBe(Math.min(...shared.curves.reach));
      expect(shared.curves.xMax).toBeLessThan(Math.max(...shared.curves.reach) / 2); // MAP propagation steps far slower than REINFORCE
      await page.screenshot({ path: join(artifacts, "demo-curves-shared.png"), clip: (await page.locator("#curves").boundingBox())! });
      await page.check("#log");
      expect((await state(page)).curves.logX).toBe(true);
      await page.screenshot({ path: join(artifacts, "demo-curves-log.png"), clip: (await page.locator("#curves").boundingBox())! });
      await page.uncheck("#log");
      await page.uncheck("#shared");
      const box = (await page.locator("#curve").boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
      expect(await page.textContent("#readout")).toMatch(/^At [\d,]+ steps: MAP propagation: (-?\d+\.\d|no data yet).* · REINFORCE: /);
      await page.check("input[name=x][value=seconds]");
      await page.mouse.move(box.x + box.width * 0.3 + 2, box.y + box.height / 2);
      expect(await page.textContent("#readout")).toMatch(/^At \d+(\.\d)? s: /);
      await page.setViewportSize({ width: 1280, height: 2800 });
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(artifacts, "demo-desktop.png"), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });

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
  }, 120_000);

  it("keeps a running pair as it was started when Options change, until Restart", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${origin}/index.html`);
      await ready(page);
      await page.click("#start");
      await page.locator("#run-left canvas.net").scrollIntoViewIfNeeded();
      await waitForTraining(page, 2, 1);
      await page.evaluate(() => scrollTo(0, 0));
      // Mid-run: another task and another left rule.
      await page.click("#options summary");
      await page.selectOption("#env", "Acrobot-v1");
      await page.selectOption("#left", "weight-max");
      await page.waitForTimeout(600); // frames and snapshots keep arriving
      const during = await state(page);
      expect(during.running).toMatchObject({ env: "CartPole-v1", left: "map-prop", right: "reinforce" });
      expect(during.titles).toEqual({ left: "MAP propagation on CartPole-v1", right: "REINFORCE on CartPole-v1" });
      expect(during.runs.left).toMatchObject({ algorithm: "map-prop", env: "CartPole-v1" });
      expect(await page.textContent("#run-left .caption")).toMatch(/^MAP propagation\./);
      expect(await page.textContent("#teams")).toMatch(/Left: MAP propagation.*CartPole|Left: MAP propagation/s);
      expect(await page.textContent("#pending")).toMatch(/apply at the next Start/);
      for (const side of ["left", "right"]) expect(await taskOnCanvas(page, `#run-${side} canvas.env`), side).toBe("CartPole");
      await page.screenshot({ path: join(artifacts, "demo-options-mid-run.png") });

      // Restart: now the new pair, on the new task.
      await page.click("#start");
      await page.waitForFunction(() => {
        const runs = (window as unknown as { demoState: () => DemoState }).demoState().runs;
        return runs.left?.env === "Acrobot-v1" && runs.left.steps > 0;
      }, undefined, { timeout: 30_000 });
      // The task is drawn while in sight (the open Options pushed it below the fold).
      await page.locator("#run-left canvas.env").scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      const after = await state(page);
      expect(after.titles).toEqual({ left: "Weight Maximization on Acrobot-v1", right: "REINFORCE on Acrobot-v1" });
      expect(await page.textContent("#run-left .caption")).toMatch(/^Weight Maximization\./);
      expect(await page.textContent("#pending")).toBe("");
      expect(await taskOnCanvas(page, "#run-left canvas.env")).toBe("Acrobot");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("shows each task's own picture before Start, and loads LunarLander's physics only for LunarLander", async () => {
    const browser = await launch();
    try {
      const expected = { "CartPole-v1": "CartPole", "Acrobot-v1": "Acrobot", "MountainCarContinuous-v0": "MountainCar", "LunarLander-v2": "LunarLander" };
      const lazy = readdirSync(site).filter((f) => f.endsWith(".js") && !staticClosure("demo.js").has(f) && !staticClosure("worker.js").has(f));
      for (const [id, picture] of Object.entries(expected)) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        sent = [];
        await page.goto(`${origin}/index.html?env=${id}`);
        await ready(page);
        for (const side of ["left", "right"]) expect(await taskOnCanvas(page, `#run-${side} canvas.env`), `${id} ${side}`).toBe(picture);
        expect((await state(page)).titles.left).toBe(`MAP propagation on ${id}`);
        const lazyLoaded = sent.filter((r) => lazy.includes(r.path.slice(1)));
        // planck's chunk (and nothing else loaded on demand) for LunarLander; nothing on demand for the others.
        if (id.startsWith("LunarLander")) expect(lazyLoaded.length).toBe(1);
        else expect(lazyLoaded).toEqual([]);
        await page.screenshot({ path: join(artifacts, `demo-before-start-${id}.png`), clip: (await page.locator("#runs").boundingBox())! });
        // Changing the task before Start redraws the picture at once.
        if (id === "CartPole-v1") {
          await page.click("#options summary");
          await page.selectOption("#env", "Acrobot-v1");
          await page.waitForFunction(() => (window as unknown as { demoState: () => DemoState }).demoState().titles.left.endsWith("Acrobot-v1"));
          expect(await taskOnCanvas(page, "#run-left canvas.env")).toBe("Acrobot");
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("plays one episode of a team's policy or a policy file, for every task, with play, pause, step and speed", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${origin}/index.html`);
      await ready(page);
      await page.click("#start");
      await waitForTraining(page, 1, 3, []);
      await page.locator("#watch").scrollIntoViewIfNeeded();
      await page.click("#watch-left");
      await page.waitForFunction(() => (window as unknown as { demoState: () => DemoState }).demoState().watch.env === "CartPole-v1");
      expect(await page.textContent("#watch-status")).toMatch(/^Left team after [\d,]+ steps: map-prop on CartPole-v1, episode 1, step 0/);
      expect(await taskOnCanvas(page, "#watch-canvas")).toBe("CartPole");
      // Play: steps advance; Pause: they stop; Step: exactly one more. At ¼× (12.5 steps/s) the
      // pause lands long before an early policy's episode of ten or more steps ends, however
      // loaded the machine (a Pause click after the episode ended would start a new one).
      await page.selectOption("#watch-speed", "0.25");
      await page.click("#watch-play");
      await page.waitForFunction(() => (window as unknown as { demoState: () => DemoState }).demoState().watch.steps >= 2);
      await page.click("#watch-play");
      const pausedAt = (await state(page)).watch;
      expect(pausedAt.playing).toBe(false);
      await page.waitForTimeout(300);
      const still = (await state(page)).watch;
      expect(still.steps).toBe(pausedAt.steps);
      if (!still.done) {
        await page.click("#watch-step");
        expect((await state(page)).watch.steps).toBe(still.steps + 1);
      }
      // Speed: real time is the task's rate (50 steps/s for CartPole), times the choice.
      await page.selectOption("#watch-speed", "4");
      expect((await state(page)).watch).toMatchObject({ speed: 4, fps: 50 });
      expect(await page.textContent("#watch-status")).toMatch(/\(200 steps\/s\)$/);
      await page.screenshot({ path: join(artifacts, "demo-watch-team.png"), clip: (await page.locator("#watch").boundingBox())! });

      // A policy file of each task plays on the page (LunarLander's physics fetched for it).
      const expected = { "CartPole-v1": "CartPole", "Acrobot-v1": "Acrobot", "MountainCarContinuous-v0": "MountainCar", "LunarLander-v2": "LunarLander" } as const;
      for (const [id, picture] of Object.entries(expected) as [keyof typeof expected, string][]) {
        await page.setInputFiles("#policy-file", policyFile(id));
        await page.waitForFunction((env) => {
          const w = (window as unknown as { demoState: () => DemoState }).demoState().watch;
          return w.env === env && w.steps === 0;
        }, id);
        await page.click("#watch-step");
        await page.click("#watch-step");
        expect((await state(page)).watch.steps, id).toBe(2);
        expect(await page.textContent("#watch-status")).toContain(`${id}.policy: weight-max on ${id}, episode 1, step 2`);
        expect(await taskOnCanvas(page, "#watch-canvas"), id).toBe(picture);
        await page.click("#watch-play");
        await page.waitForFunction(() => (window as unknown as { demoState: () => DemoState }).demoState().watch.steps >= 4);
        await page.click("#watch-play");
        await page.screenshot({ path: join(artifacts, `demo-watch-${id}.png`), clip: (await page.locator("#watch").boundingBox())! });
      }
      // A file that is not a policy is refused in words.
      await page.setInputFiles("#policy-file", { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a policy") });
      await page.waitForFunction(() => /Cannot play this/.test(document.querySelector("#watch-status")!.textContent ?? ""));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("works on a phone: no layout shift, touch scrolls over canvases, tabs reach the curves, Weight Maximization's own rewards", async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      // Layout shifts not caused by input, from the first paint on.
      await page.addInitScript(() => {
        const w = window as unknown as { shifts: { value: number; at: number }[] };
        w.shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; startTime: number }[]) {
            if (!e.hadRecentInput) w.shifts.push({ value: e.value, at: e.startTime });
          }
        }).observe({ type: "layout-shift", buffered: true });
      });
      await page.goto(`${origin}/index.html?left=weight-max&right=reinforce&seeds=2`);
      await ready(page);
      // Start is on the first screen, nothing is wider than the phone.
      const start = (await page.locator("#start").boundingBox())!;
      expect(start.y + start.height).toBeLessThan(844);
      await page.screenshot({ path: join(artifacts, "demo-phone-before-start.png") });
      await page.tap("#start");
      await waitForTraining(page, 3, 3, ["left"]);
      await page.waitForTimeout(2000); // statuses, snapshots, curves keep arriving
      const shifts = await page.evaluate(() => (window as unknown as { shifts: { value: number }[] }).shifts);
      const score = shifts.reduce((sum, s) => sum + s.value, 0);
      console.log(`demo: layout shift on a phone without input: ${score.toFixed(4)} (${shifts.length} shifts)`);
      expect(score).toBeLessThan(0.1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.textContent("#run-left .caption")).toMatch(/^Weight Maximization\. .*outgoing weights/);
      expect(await page.textContent("#run-left .fixed-note")).toMatch(/fixed zero logit for “push right”/);

      // No canvas traps touch scrolling: none refuses panning, and a swipe over the team scrolls the page.
      const touchActions = await page.$$eval("canvas", (cs) => cs.map((c) => getComputedStyle(c).touchAction));
      expect(touchActions.every((t) => t === "auto" || t.includes("pan-y") || t === "manipulation")).toBe(true);
      await page.locator("#run-left canvas.net").scrollIntoViewIfNeeded();
      const net = (await page.locator("#run-left canvas.net").boundingBox())!;
      const scrolledBefore = await page.evaluate(() => scrollY);
      // A finger put on the team's canvas and moved 200 px up, as the touch events a phone sends.
      const cdp = await page.context().newCDPSession(page);
      const [x, y] = [Math.round(net.x + net.width / 2), Math.round(net.y + 40)];
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
      for (let k = 1; k <= 10; k++) {
        await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y: y - 20 * k }] });
        await page.waitForTimeout(16);
      }
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
      await page.waitForTimeout(400);
      expect(await page.evaluate(() => scrollY)).toBeGreaterThan(scrolledBefore + 100);

      // Own rewards differ in sign from unit to unit: both colours among the bars.
      await page.locator("#run-left canvas.rule-canvas").scrollIntoViewIfNeeded();
      const [positive, negative] = await colouredWhen(page, "#run-left canvas.rule-canvas", [TEAL, RED], ([p, n]) => p > 20 && n > 20);
      expect(positive).toBeGreaterThan(20);
      expect(negative).toBeGreaterThan(20);
      await page.screenshot({ path: join(artifacts, "demo-phone.png") });

      // Tabs: the curves one tap away, on the screen, without scrolling past either team.
      await page.tap("#tabs [data-tab=curves]");
      await page.waitForTimeout(700);
      expect(await page.isVisible("#run-left")).toBe(false);
      expect(await page.isVisible("#run-right")).toBe(false);
      const curve = (await page.locator("#curve").boundingBox())!;
      expect(curve.y).toBeGreaterThanOrEqual(0);
      expect(curve.y + curve.height).toBeLessThanOrEqual(844);
      expect(await page.textContent("#legend")).toMatch(/Weight Maximization \(2 seeds\).*band: lowest to highest seed/);
      await page.screenshot({ path: join(artifacts, "demo-phone-curves.png") });
      // Out of sight, the right team was not drawn; in sight, it is.
      const drawnBefore = (await state(page)).runs.right.drawn;
      await page.tap("#tabs [data-tab=run-right]");
      await page.waitForFunction((n) => (window as unknown as { demoState: () => DemoState }).demoState().runs.right.drawn > n, drawnBefore, { timeout: 10_000 });
      await page.screenshot({ path: join(artifacts, "demo-phone-right.png") });
      await page.tap("#tabs [data-tab=watch]");
      await page.screenshot({ path: join(artifacts, "demo-phone-watch.png") });
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
