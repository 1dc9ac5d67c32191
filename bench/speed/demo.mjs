// The demo page's cost: training steps per second in its workers and the page's frame rate, with
// the network view (team + rule panel) on and off. Builds the static demo (scripts/build-demo.mjs),
// opens it in headless Chromium (Debian's package, driven by playwright-core), starts the default
// pair (MAP propagation vs REINFORCE on CartPole, one seed each) and switches the view on and off
// in alternating phases within one run (on/off in one round, off/on in the next), so both
// conditions see the same machine load.
//
// On a machine shared with other jobs, wall-clock steps/s swing with the scheduler, so the cost
// is also measured where it is spent: steps per CPU second of each worker thread (from /proc),
// the workers' time taking snapshots, the CPU of Chromium's other threads, and how the workers
// spent the wall time (on a CPU, waiting in the run queue, or asleep — idle waiting for the page). Two Chromium
// configurations: headless as launched (its 2D canvas drawn through the GPU process, which has no
// GPU here and emulates one on the CPU) and with a software 2D canvas. Writes
// bench/results/demo.json and demo.md; first, what a visit loads before training starts
// (bench/results/demo-load.json; `node bench/speed/demo.mjs --load-only` stops there).
//   node bench/speed/demo.mjs            (BENCH_PHASE_MS=3000 BENCH_ROUNDS=6 by default)
import { execFileSync, execSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { staticServer } from "../../scripts/static-server.mjs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  console.error(`bench/speed/demo.mjs needs ${CHROMIUM}: apt-get install -y chromium`);
  process.exit(1);
}
const phaseMs = Number(process.env.BENCH_PHASE_MS ?? 3000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const configurations = [
  { name: "headless Chromium as launched (GPU canvas, emulated on the CPU)", args: [] },
  { name: "software 2D canvas (--disable-accelerated-2d-canvas --disable-gpu-rasterization)", args: ["--disable-accelerated-2d-canvas", "--disable-gpu-rasterization"] },
];
const root = join(import.meta.dirname, "..", "..");
execFileSync("node", ["scripts/build-demo.mjs"], { cwd: root, stdio: "inherit" });
// Every response the server sends (path, status, bytes as sent): what a visit loads.
let sent = [];
/** The demo page exposes its state to tests and this benchmark (examples/demo). @typedef {{ demoState: () => any }} DemoWindow */
const server = staticServer(join(root, "site/demo"), {}, { onResponse: (r) => sent.push(r) });
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const origin = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Every process started under this one (Chromium's browser, GPU and renderer processes). */
function descendants(root) {
  const parent = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      parent.set(d, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {} // the process ended meanwhile
  }
  const out = [];
  const walk = (p) => {
    for (const [child, pp] of parent) if (pp === p) (out.push(child), walk(child));
  };
  walk(String(root));
  return out;
}

/**
 * CPU seconds used so far by Chromium: by each Web Worker thread (training and snapshots, in the
 * order they started) and by everything else (the page's drawing, compositing, rasterising,
 * the GPU and browser processes).
 */
function chromiumCpu() {
  const tick = 100; // USER_HZ on Linux
  const cpuSeconds = (stat) => {
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / tick;
  };
  let all = 0;
  const workers = [];
  for (const pid of descendants(process.pid)) {
    try {
      // The process's own count includes threads that have already exited (pool threads come and go).
      all += cpuSeconds(readFileSync(`/proc/${pid}/stat`, "utf8"));
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        if (!readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").startsWith("DedicatedWorker")) continue;
        // schedstat: nanoseconds on a CPU and waiting for one; the rest of the time the thread slept.
        const [running, waiting] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map((x) => Number(x) / 1e9);
        workers.push({ tid: Number(tid), seconds: cpuSeconds(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8")), running, waiting });
      }
    } catch {} // the process ended meanwhile
  }
  // Thread ids only grow: the left team's worker started first.
  workers.sort((a, b) => a.tid - b.tid);
  const inWorkers = workers.reduce((sum, w) => sum + w.seconds, 0);
  return { workers: inWorkers, rest: all - inWorkers, perWorker: workers.map((w) => w.seconds), sched: workers.map((w) => [w.running, w.waiting]) };
}

/** Alternating view-on/view-off phases in one page of a browser launched with `args`. */
async function measure(args) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", ...args], headless: true });
  const phases = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => typeof /** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState === "function");
    await page.click("#start");
    await page.waitForFunction(() => /** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState().runs.left?.steps > 0 && /** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState().runs.right?.steps > 0);
    // The teams are drawn while in sight.
    await page.locator("#run-left canvas.net").scrollIntoViewIfNeeded();
    await page.waitForTimeout(2000); // warm-up: compilation, first episodes
    const sample = async () => ({ ...(await page.evaluate(() => ({ .../** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState(), now: performance.now() }))), cpu: chromiumCpu() });
    for (let round = 0; round < rounds; round++) {
      for (const view of round % 2 === 0 ? [true, false] : [false, true]) {
        // Clicked in place: Playwright's check() would scroll the checkbox into view and the teams out of it.
        if ((await page.isChecked("#view")) !== view) await page.$eval("#view", (box) => /** @type {HTMLElement} */ (box).click());
        await page.waitForTimeout(500); // let the switch settle
        const a = await sample();
        await page.waitForTimeout(phaseMs);
        const b = await sample();
        const seconds = (b.now - a.now) / 1000;
        const rate = (side) => (b.runs[side].steps - a.runs[side].steps) / (b.runs[side].seconds - a.runs[side].seconds);
        // The share of a worker's busy time that went into snapshots.
        const snapshotShare = (side) => {
          const snap = b.runs[side].snapshotMs - a.runs[side].snapshotMs;
          return snap / (snap + b.runs[side].trainMs - a.runs[side].trainMs);
        };
        const perCpu = (side, k) => (b.runs[side].steps - a.runs[side].steps) / (b.cpu.perWorker[k] - a.cpu.perWorker[k]);
        phases.push({
          view, round, left: rate("left"), right: rate("right"),
          // Steps per CPU second of each worker's thread: what a step costs, whatever the scheduler did.
          leftPerCpu: perCpu("left", 0), rightPerCpu: perCpu("right", 1),
          snapshotShareLeft: snapshotShare("left"), snapshotShareRight: snapshotShare("right"),
          fps: (b.frames - a.frames) / seconds,
          drawsPerSecond: (b.runs.left.drawn - a.runs.left.drawn) / seconds,
          drawMsPerSecond: (b.drawMs - a.drawMs) / seconds,
          // CPU cores busy with the workers and with the rest of Chromium.
          workerCores: (b.cpu.workers - a.cpu.workers) / seconds, restCores: (b.cpu.rest - a.cpu.rest) / seconds,
          // Shares of the phase the two workers together spent on a CPU, waiting for one, and asleep
          // (idle: the page made them wait for nothing if this stays near 0).
          workersRunning: (b.cpu.sched[0][0] + b.cpu.sched[1][0] - a.cpu.sched[0][0] - a.cpu.sched[1][0]) / (2 * seconds),
          workersWaiting: (b.cpu.sched[0][1] + b.cpu.sched[1][1] - a.cpu.sched[0][1] - a.cpu.sched[1][1]) / (2 * seconds),
        });
        console.error(`${args.join(" ") || "default"}: round ${round + 1}/${rounds}, view ${view ? "on " : "off"}: ${Math.round(phases[phases.length - 1].left)} / ${Math.round(phases[phases.length - 1].right)} steps/s`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  const keys = Object.keys(phases[0]).filter((k) => k !== "view" && k !== "round");
  const summary = (view) => Object.fromEntries(keys.map((k) => [k, median(phases.filter((p) => p.view === view).map((p) => p[k]))]));
  // Per round, on against off measured back to back; the median over rounds.
  const paired = (key) => median(Array.from({ length: rounds }, (_, r) => {
    const [on, off] = [true, false].map((view) => phases.find((p) => p.round === r && p.view === view)[key]);
    return 1 - on / off;
  }));
  const on = summary(true), off = summary(false);
  return {
    version: browser.version(), on, off, phases,
    cost: { left: paired("left"), right: paired("right") },
    cpuCost: { left: paired("leftPerCpu"), right: paired("rightPerCpu") },
  };
}

/**
 * What a visit loads: the JavaScript and Wasm the server sends (gzipped, as scripts/static-server.mjs
 * sends them) from opening the page to both teams' first training step on CartPole, each file by
 * path. Bytes, not time: the machine's load does not change them.
 */
async function measureLoad() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    sent = [];
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction(() => typeof /** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState === "function");
    await page.click("#start");
    await page.waitForFunction(() => /** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState().runs.left?.steps > 0 && /** @type {DemoWindow} */ (/** @type {unknown} */ (window)).demoState().runs.right?.steps > 0, undefined, { polling: 50 });
    const files = sent.filter((r) => /\.(js|wasm)$/.test(r.path));
    return { runtime: `Chromium ${browser.version()}`, bytes: files.reduce((sum, r) => sum + r.bytes, 0), files };
  } finally {
    await browser.close().catch(() => {});
  }
}

let commit = "unknown";
try {
  commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
} catch {}
mkdirSync(join(root, "bench/results"), { recursive: true });
const load = await measureLoad();
writeFileSync(join(root, "bench/results/demo-load.json"), JSON.stringify({
  commit, date: new Date().toISOString(), scenario: "demo page, CartPole-v1, map-prop vs reinforce: JavaScript and Wasm sent before both teams' first training step, gzipped", ...load,
}, null, 1) + "\n");
console.log(`bench/results/demo-load.json: ${load.bytes.toLocaleString("en")} bytes of JavaScript and Wasm before training`);
if (process.argv.includes("--load-only")) {
  server.close();
  process.exit(0);
}

const results = [];
try {
  for (const c of configurations) results.push({ ...c, ...(await measure(c.args)) });
} finally {
  server.close();
}

const meta = { commit, runtime: `Chromium ${results[0].version}`, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, coresAvailable: availableParallelism(), load: loadavg(), date: new Date().toISOString(), phaseMs, rounds };
writeFileSync(join(root, "bench/results/demo.json"), JSON.stringify({ ...meta, scenario: "demo page, map-prop (left) vs reinforce (right), CartPole-v1, one seed each", results }, null, 1) + "\n");
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const n = (x) => Math.round(x).toLocaleString("en");
const table = (r) => `| network view | MAP prop steps/s | REINFORCE steps/s | MAP prop steps per worker CPU-s | REINFORCE steps per worker CPU-s | worker time in snapshots (MAP / REINFORCE) | workers running / waiting for a CPU / asleep | page frames/s | team redraws/s | page script drawing, ms/s | cores: workers / rest of Chromium |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
` + [["on", r.on], ["off", r.off]].map(([name, x]) => `| ${name} | ${n(x.left)} | ${n(x.right)} | ${n(x.leftPerCpu)} | ${n(x.rightPerCpu)} | ${pct(x.snapshotShareLeft)} / ${pct(x.snapshotShareRight)} | ` +
  `${pct(x.workersRunning)} / ${pct(x.workersWaiting)} / ${pct(Math.max(0, 1 - x.workersRunning - x.workersWaiting))} | ` +
  `${x.fps.toFixed(1)} | ${x.drawsPerSecond.toFixed(1)} | ${x.drawMsPerSecond.toFixed(1)} | ${x.workerCores.toFixed(2)} / ${x.restCores.toFixed(2)} |`).join("\n") + `

Training speed lost to the view (median over rounds of 1 − on ÷ off): wall-clock steps/s MAP propagation ${pct(r.cost.left)}, REINFORCE ${pct(r.cost.right)}; ` +
  `steps per worker CPU second MAP propagation ${pct(r.cpuCost.left)}, REINFORCE ${pct(r.cpuCost.right)}.`;
const md = `Demo page (site/demo) in headless ${meta.runtime}, 1200×900, MAP propagation vs REINFORCE on CartPole-v1, one seed each; ` +
  `${meta.cpu}, ${meta.coresAvailable} of its ${meta.cores} cores available to the run (taskset), shared with other jobs (load average at the end: ${meta.load.map((x) => x.toFixed(1)).join(", ")}), commit ${commit}. ` +
  `Medians of ${rounds} rounds of ${phaseMs / 1000} s phases, view on and off back to back (\`node bench/speed/demo.mjs\`). CPU seconds from /proc: ` +
  `each Web Worker's thread, and all of Chromium's other threads (page, compositor, raster, GPU process, browser).

` + results.map((r) => `**${r.name}**\n\n${table(r)}\n`).join("\n");
writeFileSync(join(root, "bench/results/demo.md"), md);
console.log(md);
