// The demo page: two learning rules train the same network side by side, each seed in its own
// Web Worker, all sharing one compiled core. The page animates the first seed of each team, draws
// the team (network-view.js) and what its rule tells the units (rule-panel.js) from the workers'
// snapshots, and the learning curves of every seed (curves.js).
import { algorithms, coreUrl, renderAcrobot, renderCartPole, renderLunarLander, renderMountainCar } from "./coagent.js";
import { Curves } from "./curves.js";
import { formatNumber, formatSeconds } from "./chart.js";
import { drawNetwork } from "./network-view.js";
import { captionFor, drawRulePanel } from "./rule-panel.js";

const $ = (id) => document.getElementById(id);
const sides = ["left", "right"];
const colours = { left: "#4269d0", right: "#e8590c" };
const names = {
  "map-prop": "MAP propagation", "async-map-prop": "asynchronous MAP propagation", "weight-max": "Weight Maximization",
  "weight-max-traces": "Weight Maximization with traces", reinforce: "REINFORCE", backprop: "backprop (baseline)", "ste-backprop": "straight-through backprop (baseline)",
};
const TD_HISTORY = 120;

for (const side of sides) for (const a of algorithms) $(side).append(new Option(names[a] ?? a, a));
// Defaults, or ?left=…&right=…&env=…&seeds=… from the address (for links and screenshots).
const query = new URLSearchParams(location.search);
$("left").value = query.get("left") ?? "map-prop";
$("right").value = query.get("right") ?? "reinforce";
$("env").value = query.get("env") ?? "CartPole-v1";
$("seeds").value = query.get("seeds") ?? "1";

const modulePromise = WebAssembly.compileStreaming(fetch(coreUrl));
const curves = new Curves($("curve"), $("readout"), $("legend"));
for (const side of sides) {
  const section = $("run-card").content.firstElementChild.cloneNode(true);
  section.id = `run-${side}`;
  section.dataset.side = side;
  $("runs").append(section);
}
const card = (side) => $(`run-${side}`);
const part = (side, selector) => card(side).querySelector(selector);
let runs = {};
let paused = false;
let view = $("view").checked;

function label(side) {
  const algorithm = $(side).value;
  return names[algorithm] ?? algorithm;
}

/** Titles, colours and captions of both cards for the chosen rules. */
function describeRuns() {
  for (const side of sides) {
    part(side, ".title").textContent = `${label(side)} on ${$("env").value}`;
    part(side, ".swatch").style.background = colours[side];
    part(side, ".caption").textContent = captionFor($(side).value);
  }
}
describeRuns();
for (const id of ["left", "right", "env"]) $(id).addEventListener("change", describeRuns);

function drawEnvironment(side, data) {
  const ctx = part(side, "canvas.env").getContext("2d");
  if (data.snapshot) renderLunarLander(ctx, data.snapshot);
  else if ($("env").value === "CartPole-v1") renderCartPole(ctx, data.state);
  else if ($("env").value === "Acrobot-v1") renderAcrobot(ctx, data.state);
  else renderMountainCar(ctx, data.state);
}

// Canvases scrolled out of sight are not drawn (their latest data waits until they come back):
// drawing competes with training for the CPU.
const visible = new Set();
const observer = new IntersectionObserver((entries) => {
  for (const e of entries) (e.isIntersecting ? visible.add(e.target) : visible.delete(e.target));
});
for (const side of sides) for (const selector of ["canvas.env", "canvas.net", "canvas.rule-canvas"]) observer.observe(part(side, selector));

/** Redraws what changed and is in sight, once per animation frame: environments, teams, rule panels. */
let frames = 0, drawMs = 0;
function animate() {
  frames++;
  const start = performance.now();
  for (const [side, run] of Object.entries(runs)) {
    if (run.frame && visible.has(part(side, "canvas.env"))) {
      drawEnvironment(side, run.frame);
      run.frame = undefined;
    }
    if (view && run.snapshot && (visible.has(part(side, "canvas.net")) || visible.has(part(side, "canvas.rule-canvas")))) {
      run.scales = drawNetwork(part(side, "canvas.net"), run.snapshot.network, run.scales);
      drawRulePanel(part(side, "canvas.rule-canvas"), run.algorithm, run.snapshot, run.tdHistory);
      run.drawn++;
      run.snapshot = undefined;
    }
  }
  drawMs += performance.now() - start;
  requestAnimationFrame(animate);
}
requestAnimationFrame(animate);

function status(side) {
  const run = runs[side];
  const p = run.progress;
  const rate = p.seconds > 0 ? p.steps / p.seconds : 0;
  const last = run.lastEpisode;
  part(side, ".status").textContent = `episode ${p.episodes.toLocaleString("en")} · ${p.steps.toLocaleString("en")} steps in ${formatSeconds(p.seconds)} ` +
    `(${formatNumber(rate)} steps/s)` + (last ? ` · last return ${last.return.toFixed(1)}, mean of the last 100: ${last.mean.toFixed(1)}` : "");
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
}

$("start").onclick = async () => {
  for (const run of Object.values(runs)) run.workers.forEach((w) => w.terminate());
  runs = {};
  paused = false;
  $("pause").textContent = "Pause";
  $("message").textContent = "";
  $("start").textContent = "Restart";
  describeRuns();
  const module = await modulePromise;
  const seeds = Math.min(Math.max(Math.floor(Number($("seeds").value)) || 1, 1), 4);
  const firstSeed = Math.max(Math.floor(Number($("seed").value)) || 0, 0);
  const env = $("env").value;
  curves.reset(sides.map((side) => ({ key: side, label: label(side), colour: colours[side], seeds, firstSeed })));
  for (const side of sides) {
    const algorithm = $(side).value;
    const run = (runs[side] = { algorithm, workers: [], tdHistory: [], snapshots: 0, drawn: 0, progress: { steps: 0, episodes: 0, seconds: 0 }, scales: [] });
    card(side).classList.remove("idle");
    for (let s = 0; s < seeds; s++) {
      const seed = firstSeed + s;
      const worker = new Worker("./worker.js", { type: "module" });
      run.workers.push(worker);
      // Only the first seed is shown, so only it sends snapshots of its team.
      const shown = s === 0;
      worker.onmessage = ({ data }) => {
        if (data.kind === "episode") {
          curves.add(side, s, data);
          if (shown) run.lastEpisode = curves.series[side].seeds[0].episodes.at(-1);
        } else if (!shown) {
          if (data.kind === "error") $("message").innerHTML = `<span class="error">${label(side)}, seed ${seed}: ${data.message}</span>`;
          else if (data.kind === "saved") download(`${algorithm}-${env}-seed${seed}.ckpt`, new Blob([data.bytes]));
        } else if (data.kind === "frame") {
          run.frame = data;
          run.progress = data;
          status(side);
        } else if (data.kind === "snapshot") {
          run.snapshot = data;
          run.snapshots++;
          if (data.settling) run.energy = [data.settling.energies[0], data.settling.energies.at(-1)];
          run.tdHistory.push(data.tdError);
          if (run.tdHistory.length > TD_HISTORY) run.tdHistory.shift();
        } else if (data.kind === "saved") download(`${algorithm}-${env}-seed${seed}.ckpt`, new Blob([data.bytes]));
        else if (data.kind === "error") $("message").innerHTML = `<span class="error">${label(side)}, seed ${seed}: ${data.message}</span>`;
      };
      worker.postMessage({ kind: "start", module, env, algorithm, seed, view: view && shown });
    }
  }
  for (const id of ["pause", "save", "download"]) $(id).disabled = false;
};

$("pause").onclick = () => {
  paused = !paused;
  for (const run of Object.values(runs)) run.workers.forEach((w) => w.postMessage({ kind: paused ? "pause" : "resume" }));
  $("pause").textContent = paused ? "Resume" : "Pause";
};

$("view").onchange = () => {
  view = $("view").checked;
  document.body.classList.toggle("hidden-view", !view);
  for (const run of Object.values(runs)) run.workers[0].postMessage({ kind: "view", on: view });
};

$("save").onclick = () => Object.values(runs).forEach((run) => run.workers.forEach((w) => w.postMessage({ kind: "save" })));
$("download").onclick = () => download("curves.csv", new Blob([curves.csv()], { type: "text/csv" }));
for (const radio of document.querySelectorAll("input[name=x]")) {
  radio.onchange = () => {
    curves.xMode = radio.value;
    curves.draw();
  };
}
curves.reset(sides.map((side) => ({ key: side, label: label(side), colour: colours[side], seeds: 1 })));
curves.draw();
setInterval(() => {
  const start = performance.now();
  curves.draw();
  drawMs += performance.now() - start;
}, 500);
// Before Start: the pole at rest and a word where the team and its rule will appear.
function placeholder(canvas, text) {
  const ctx = canvas.getContext("2d");
  canvas.width = canvas.clientWidth || 300;
  canvas.height = 60;
  ctx.fillStyle = "#777";
  ctx.font = "13px system-ui, sans-serif";
  ctx.fillText(text, 8, 34);
}
for (const side of sides) {
  card(side).classList.add("idle");
  if ($("env").value === "CartPole-v1") renderCartPole(part(side, "canvas.env").getContext("2d"), [0, 0, 0, 0]);
  placeholder(part(side, "canvas.net"), "The team (every unit, every connection) appears here once training starts.");
  placeholder(part(side, "canvas.rule-canvas"), "What the learning rule tells each unit appears here.");
}

// For tests and the benchmark: progress of each team's first seed, the fewest episodes any seed
// has finished, snapshots received and drawn, the latest settling's energy before and after (MAP
// propagation), the worker's milliseconds spent training and taking snapshots, and the page's
// animation frames and milliseconds spent drawing so far.
window.demoState = () => ({
  frames, drawMs,
  runs: Object.fromEntries(Object.entries(runs).map(([side, r]) => [side, {
    algorithm: r.algorithm, steps: r.progress.steps, seconds: r.progress.seconds, snapshots: r.snapshots, drawn: r.drawn, energy: r.energy,
    trainMs: r.progress.trainMs ?? 0, snapshotMs: r.progress.snapshotMs ?? 0,
    episodes: Math.min(...curves.series[side].seeds.map((x) => x.episodes.length)),
  }])),
});
