// The embed example (examples/embed-policy): a static page that plays a trained policy file. Built
// as its README says — esbuild, from the packed package — and opened in headless Chromium for each
// committed policy: the episode advances, the canvas shows the task, no WebAssembly core is
// fetched, and the first episode's return is the one Node computes for the same file and seed.
// The committed CartPole policy must be what the README's command writes (LunarLander's run takes
// minutes, so only its quality is checked).
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS helper shared with `npm run demo`, without type declarations
import { staticServer } from "../../scripts/static-server.mjs";
import { loadLunarLander } from "../../bindings/envs/physics";
import { isEnvironmentId, makeEnv } from "../../bindings/envs/registry";
import { Policy } from "../../bindings/training/policy";
import { installPacked, root } from "../pack";

const CHROMIUM = "/usr/bin/chromium";
const example = join(root, "examples", "embed-policy");
const app = join(root, "test-artifacts", "embed");
const artifacts = join(root, "test-artifacts");

/** The episode returns `coagent eval --checkpoint <file> --seed <seed>` reports (units sample, as the page's default). */
async function evalReturns(file: string, episodes: number, seed = 0): Promise<number[]> {
  const policy = Policy.load(new Uint8Array(readFileSync(file)), { seed });
  const id = policy.env.id;
  if (!isEnvironmentId(id)) throw new Error(`${file}: not a built-in task: ${id}`);
  if (id.startsWith("LunarLander")) await loadLunarLander();
  const env = makeEnv(id, { seed });
  let observation = env.reset({ seed }).observation;
  const returns: number[] = [];
  for (let episode = 0; episode < episodes; episode++) {
    let total = 0;
    for (;;) {
      const step = env.step(policy.act(observation).action);
      total += step.reward;
      if (step.terminated || step.truncated) break;
      observation = step.observation;
    }
    returns.push(total);
    observation = env.reset().observation;
  }
  return returns;
}

let initialGzipped = 0;

beforeAll(async () => {
  installPacked(app);
  // Its own package.json, or `coagent` would resolve to this checkout by self-reference.
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "embed-policy-app", private: true, type: "module" }));
  for (const file of ["index.html", "main.js"]) copyFileSync(join(example, file), join(app, file));
  cpSync(join(example, "policies"), join(app, "policies"), { recursive: true });
  // The README's command: npx esbuild main.js --bundle --splitting --format=esm --minify --outdir=dist
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [join(app, "main.js")], bundle: true, splitting: true, format: "esm", minify: true, platform: "browser",
    outdir: join(app, "dist"), absWorkingDir: app, metafile: true, logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  expect(Object.values(outputs).flatMap((o) => Object.keys(o.inputs)).some((p) => p.includes("node_modules/coagent/dist/training/policy.js"))).toBe(true);
  // What the page loads up front: the entry and its static imports (planck and the cores are dynamic).
  const initial = new Set<string>();
  const visit = (file: string) => {
    if (initial.has(file)) return;
    initial.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement") visit(i.path);
  };
  visit(Object.keys(outputs).find((file) => outputs[file].entryPoint !== undefined)!);
  initialGzipped = [...initial].reduce((sum, file) => sum + gzipSync(readFileSync(join(app, file)), { level: 9 }).length, 0);
  expect([...initial].flatMap((file) => Object.keys(outputs[file].inputs)).filter((p) => /planck|core-inline|core64-inline|dist\/js\//.test(p))).toEqual([]);
}, 120_000);

describe("the committed policy files", () => {
  it("are small, and each plays its task well in Node (seed 0, 10 episodes)", async () => {
    const cartpole = join(example, "policies", "cartpole.policy");
    const lander = join(example, "policies", "lunarlander.policy");
    for (const file of [cartpole, lander]) expect(statSync(file).size).toBeLessThan(40_000);
    // CartPole-v1 counts as solved at 475. On LunarLander-v2 a random policy scores about −180 and
    // a crash costs 100; this policy (map-prop, 2,500 episodes) averages about 100, with misses.
    expect(Math.min(...(await evalReturns(cartpole, 10)))).toBeGreaterThanOrEqual(475);
    const landings = await evalReturns(lander, 10);
    expect(landings.reduce((a, b) => a + b, 0) / landings.length).toBeGreaterThan(50);
  }, 120_000);
});

describe("the committed CartPole policy", () => {
  it("is what the command in the example's README writes, byte for byte", () => {
    const readme = readFileSync(join(example, "README.md"), "utf8");
    const command = /^npx coagent (train --env CartPole-v1 .*--save-policy policies\/cartpole\.policy)$/m.exec(readme)?.[1];
    expect(command, "examples/embed-policy/README.md gives the command that writes policies/cartpole.policy").toBeDefined();
    const out = join(app, "cartpole-again.policy");
    const args = command!.split(/\s+/).map((arg) => (arg === "policies/cartpole.policy" ? out : arg));
    execFileSync(process.execPath, [join(root, "dist", "node", "cli.js"), ...args, "--quiet"], { cwd: root, stdio: "pipe" });
    expect(readFileSync(out).equals(readFileSync(join(example, "policies", "cartpole.policy")))).toBe(true);
  }, 180_000);
});

describe("the page's script", () => {
  it("is small: the page loads no core and no physics engine up front", () => {
    expect(initialGzipped).toBeGreaterThan(1_000);
    expect(initialGzipped).toBeLessThan(20_000);
    console.log(`embed-policy page: ${initialGzipped} bytes of gzipped JavaScript up front (esbuild, minified)`);
  });
});

const missing = !existsSync(CHROMIUM);
if (missing) console.warn(`test/packaging/embed.test.ts: the Chromium runs are skipped: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

describe.skipIf(missing)("the page in headless Chromium", () => {
  let server: Server;
  let origin = "";

  beforeAll(async () => {
    server = staticServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Pixels of the canvas in `colour` (#rrggbb), and how many differ from its top-left pixel. */
  type Census = { matching: number; drawn: number };
  const census = (colour: string) => `(() => {
    const ctx = document.getElementById("frame").getContext("2d");
    const { data } = ctx.getImageData(0, 0, 600, 400);
    const want = [1, 3, 5].map((k) => parseInt(${JSON.stringify(colour)}.slice(k, k + 2), 16));
    let matching = 0, drawn = 0;
    for (let k = 0; k < data.length; k += 4) {
      if (data[k] === want[0] && data[k + 1] === want[1] && data[k + 2] === want[2]) matching++;
      if (data[k] !== data[0] || data[k + 1] !== data[1] || data[k + 2] !== data[2]) drawn++;
    }
    return { matching, drawn };
  })()`;

  const cases = [
    // The pole's wood colour; the lander's hull.
    { name: "cartpole", id: "CartPole-v1", colour: "#ca9865", minimum: 475 },
    { name: "lunarlander", id: "LunarLander-v2", colour: "#8066e6", minimum: 100 },
  ];

  it.each(cases)("$id: the episode advances in real time, the canvas shows the task, the return is Node's", async ({ name, id, colour, minimum }) => {
    const expected = (await evalReturns(join(example, "policies", `${name}.policy`), 1))[0];
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
      const errors: string[] = [];
      const fetched: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("response", (r) => fetched.push(new URL(r.url()).pathname));
      await page.goto(`${origin}/?policy=${name}`);
      await page.waitForFunction(() => document.getElementById("status")?.textContent === "playing", undefined, { timeout: 30_000 });
      expect(await page.textContent("#task")).toContain(id);
      // Real time (1×): the step counter moves on, frame by frame, and the picture with it.
      const stepNow = async () => Number(await page.textContent("#step"));
      const first = await stepNow();
      await page.waitForFunction((from) => Number(document.getElementById("step")?.textContent) >= from + 10, first, { timeout: 20_000 });
      const seen = (await page.evaluate(census(colour))) as Census;
      expect(seen.matching, `${colour} pixels`).toBeGreaterThan(100);
      expect(seen.drawn).toBeGreaterThan(1_000);
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: join(artifacts, `embed-${name}.png`) });
      // Then fast (20×) to the end of the first episode: its return is the one Node computes.
      await page.selectOption("#speed", "20");
      await page.waitForFunction(() => document.getElementById("returns")?.textContent !== "none yet", undefined, { timeout: 90_000 });
      await page.screenshot({ path: join(artifacts, `embed-${name}-episode-1-done.png`) });
      const returns = (await page.textContent("#returns"))!.split(", ").map(Number);
      // planck's trigonometry may round differently in Chromium's V8 in the last bit, so the
      // lander's return is compared to the displayed precision; CartPole's physics is plain arithmetic.
      expect(returns[0]).toBe(Number(expected.toFixed(1)));
      expect(returns[0]).toBeGreaterThanOrEqual(minimum);
      // At phone width the page still fits: the canvas scales down, nothing scrolls sideways.
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(await page.evaluate(() => document.getElementById("frame")!.getBoundingClientRect().width)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(artifacts, `embed-${name}-phone.png`) });
      expect(errors).toEqual([]);
      expect(fetched.filter((path) => path.endsWith(".wasm") || /core(64)?-inline/.test(path))).toEqual([]);
      expect(fetched.some((path) => /planck/.test(path))).toBe(name === "lunarlander");
      expect(fetched).toContain(`/policies/${name}.policy`);
    } finally {
      await browser.close();
    }
  }, 180_000);
});
