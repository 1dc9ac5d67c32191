// The demo page: two learning rules train side by side, each seed in its own Web Worker, all
// sharing one compiled core. The page animates the first seed of each team, draws the team
// (network-view.js) and what its rule tells the units (rule-panel.js) from the workers'
// snapshots, the learning curves of every seed (curves.js), and plays episodes of a frozen policy
// (watch.js).
//
// Options take effect at the next Start: a run keeps the task, rules and seeds it was started
// with (`running`), and every title, caption, picture and description of a running team is
// drawn from it, never from the form.
import { algorithms, coreUrl, renderAcrobot, renderCartPole, renderLunarLander, renderMountainCar, render } from "./coagent.js";
import { Curves } from "./curves.js";
import { fitCanvas, formatNumber, formatSeconds } from "./chart.js";
import { NETWORK_HEIGHT, drawNetwork } from "./network-view.js";
import { captionFor, drawRulePanel, rulePanelHeight, TD_STRIP } from "./rule-panel.js";
import { prepareEnv, taskInfo } from "./tasks.js";
import { describeTeam } from "./team.js";
import { Watch } from "./watch.js";

const $ = (id) => document.getElementById(id);
const sides = ["left", "right"];
const colours = { left: "#4269d0", right: "#e8590c" };
const names = {
  "map-prop": "MAP propagation", "async-map-prop": "asynchronous MAP propagation", "weight-max": "Weight Maximization",
  "weight-max-traces": "Weight Maximization with traces", reinforce: "REINFORCE", backprop: "backprop (baseline)", "ste-backprop": "straight-through backprop (baseline)",
  "discrete-map-prop": "discrete MAP propagation",
};
// For the phone's tabs.
const shortNames = { "map-prop": "MAP prop", "async-map-prop": "async MAP", "weight-max": "Weight Max", "weight-max-traces": "WM traces", reinforce: "REINFORCE", backprop: "backprop", "ste-backprop": "STE", "discrete-map-prop": "discrete MAP" };
const nameOf = (algorithm) => names[algorithm] ?? algorithm;

for (const side of sides) for (const a of algorithms) $(side).append(new Option(nameOf(a), a));
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

/** What the form asks for: applied at the next Start. */
function formConfig() {
  return {
    env: $("env").value, left: $("left").value, right: $("right").value,
    seeds: Math.min(Math.max(Math.floor(Number($("seeds").value)) || 1, 1), 4),
    firstSeed: Math.max(Math.floor(Number($("seed").value)) || 0, 0),
  };
}
const sameConfig = (a, b) => ["env", "left", "right", "seeds", "firstSeed"].every((k) => a[k] === b[k]);

let runs = {};
/** The configuration the teams on screen were started with; undefined before the first Start. */
let running;
let paused = false;
let view = $("view").checked;
let runCount = 0;

// ---- Describing the teams: intro, titles, captions, reserved sizes, idle pictures ----

/** Fills in everything that depends on the teams' task and rules, for `config` (a running one or the form's). */
function describe(config, env) {
  const teams = $("teams");
  teams.replaceChildren();
  for (const side of sides) {
    const algorithm = config[side];
    const team = describeTeam(algorithm, env);
    const dt = document.createElement("dt");
    dt.innerHTML = `<span class="swatch ${side}"></span>`;
    dt.append(`${side === "left" ? "Left" : "Right"}: ${nameOf(algorithm)}`);
    const dd = document.createElement("dd");
    dd.textContent = `${team.rule[0].toUpperCase()}${team.rule.slice(1)}. Actor: ${team.actor}. Critic: ${team.critic}.`;
    teams.append(dt, dd);

    part(side, ".title").textContent = `${nameOf(algorithm)} on ${config.env}`;
    part(side, ".swatch").style.background = colours[side];
    part(side, ".caption").textContent = captionFor(algorithm);
    const output = team.layers.at(-1);
    part(side, ".fixed-note").textContent = output.fixedZeroLogit
      ? `The dashed dot on top is no unit: this network's softmax has a fixed zero logit for “${taskInfo(config.env).actions.at(-1)}”, ` +
        `so ${output.size} learned unit${output.size === 1 ? "" : "s"} choose${output.size === 1 ? "s" : ""} among ${output.size + 1} actions; it lights up when that action is taken.`
      : "";
    // Reserve the canvases' final heights now: nothing below moves when the drawings arrive.
    part(side, "canvas.net").style.height = `${NETWORK_HEIGHT}px`;
    part(side, "canvas.rule-canvas").style.height = `${rulePanelHeight(algorithm, team.layers.length)}px`;
    document.querySelector(`#tabs [data-tab=run-${side}] .tab-name`).textContent = shortNames[algorithm] ?? algorithm;
  }
  $("expectation").textContent = config.env === "CartPole-v1" && config.left === "map-prop" && config.right === "reinforce"
    ? "With this pair, within a minute MAP propagation should keep the pole up far longer than REINFORCE, though REINFORCE runs several times more steps a second." : "";
}

/** A word on an idle canvas, at the height it will have once drawn. */
function placeholder(canvas, height, text) {
  const { ctx } = fitCanvas(canvas, height);
  ctx.fillStyle = "#777";
  ctx.font = "13px system-ui, sans-serif";
  ctx.fillText(text, 8, 24);
}

/** Before Start (and after Options change before it): the task as it starts, the team's place kept. */
function showIdle(config, env) {
  for (const side of sides) {
    card(side).classList.add("idle");
    render(part(side, "canvas.env").getContext("2d"), env);
    part(side, ".status").textContent = `Waiting for Start: ${config.env} as an episode begins.`;
    placeholder(part(side, "canvas.net"), NETWORK_HEIGHT, "The team (every unit, every connection) appears here once training starts.");
    const rule = part(side, "canvas.rule-canvas");
    placeholder(rule, parseFloat(rule.style.height), "What the learning rule tells each unit appears here.");
  }
}

let describing = 0;
/** Describes the form's configuration while nothing runs; while teams run, says that changes wait for the next Start. */
async function optionsChanged() {
  const config = formConfig();
  if (running) {
    const differs = !sameConfig(config, running);
    $("pending").textContent = differs ? "Changed options apply at the next Start: press Restart." : "";
    return;
  }
  const token = ++describing;
  try {
    const { env } = await prepareEnv(config.env, config.firstSeed);
    if (token !== describing || running) return;
    describe(config, env);
    showIdle(config, env);
  } catch (error) {
    $("message").innerHTML = `<span class="error">${String(error?.message ?? error)}</span>`;
  }
}
for (const id of ["left", "right", "env", "seed", "seeds"]) $(id).addEventListener("change", optionsChanged);

// ---- Drawing the running teams ----

function drawEnvironment(side, data) {
  const ctx = part(side, "canvas.env").getContext("2d");
  const env = runs[side].env;
  if (data.snapshot) renderLunarLander(ctx, data.snapshot);
  else if (env === "CartPole-v1") renderCartPole(ctx, data.state);
  else if (env === "Acrobot-v1") renderAcrobot(ctx, data.state);
  else renderMountainCar(ctx, data.state);
}

// Canvases scrolled out of sight (or on a hidden tab) are not drawn (their latest data waits until
// they come back): drawing competes with training for the CPU.
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
      run.scales = drawNetwork(part(side, "canvas.net"), run.snapshot.network, run.scales, taskInfo(run.env));
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
  document.querySelector(`#tabs [data-tab=run-${side}] .tab-score`).textContent = last ? `mean ${last.mean.toFixed(0)}` : "training";
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
}

const showError = (text) => ($("message").innerHTML = `<span class="error"></span>`, ($("message").firstChild.textContent = text));

// ---- Start, pause, view ----

$("start").onclick = async () => {
  for (const run of Object.values(runs)) run.workers.forEach((w) => w.terminate());
  runs = {};
  const config = formConfig();
  running = config;
  const runId = ++runCount;
  paused = false;
  $("pause").textContent = "Pause";
  $("message").textContent = "";
  $("pending").textContent = "";
  $("start").textContent = "Restart";
  const { env: picture } = await prepareEnv(config.env, config.firstSeed);
  if (runId !== runCount) return;
  describe(config, picture);
  const module = await modulePromise;
  if (runId !== runCount) return;
  curves.reset(sides.map((side) => ({ key: side, label: nameOf(config[side]), colour: colours[side], seeds: config.seeds, firstSeed: config.firstSeed })));
  for (const side of sides) {
    const algorithm = config[side];
    const run = (runs[side] = { algorithm, env: config.env, workers: [], tdHistory: [], snapshots: 0, drawn: 0, progress: { steps: 0, episodes: 0, seconds: 0 }, scales: [] });
    card(side).classList.remove("idle");
    for (let s = 0; s < config.seeds; s++) {
      const seed = config.firstSeed + s;
      const worker = new Worker("./worker.js", { type: "module" });
      run.workers.push(worker);
      // Only the first seed is shown, so only it sends snapshots of its team.
      const shown = s === 0;
      worker.onmessage = ({ data }) => {
        if (runs[side] !== run) return; // a message of an earlier run, still queued when it was stopped
        if (data.kind === "episode") {
          curves.add(side, s, data);
          if (shown) run.lastEpisode = curves.series[side].seeds[0].episodes.at(-1);
        } else if (data.kind === "error") showError(`${nameOf(algorithm)}, seed ${seed}: ${data.message}`);
        else if (data.kind === "saved") download(`${algorithm}-${config.env}-seed${seed}.ckpt`, new Blob([data.bytes]));
        else if (!shown) return;
        else if (data.kind === "frame") {
          run.frame = data;
          run.progress = data;
          status(side);
        } else if (data.kind === "snapshot") {
          run.snapshot = data;
          run.snapshots++;
          if (data.settling) run.energy = [data.settling.energies[0], data.settling.energies.at(-1)];
          run.tdHistory.push(data.tdError);
          if (run.tdHistory.length > TD_STRIP.samples) run.tdHistory.shift();
        } else if (data.kind === "policy") {
          watch.load(data.bytes, `${side === "left" ? "Left" : "Right"} team after ${data.steps.toLocaleString("en")} steps`).catch((e) => showWatchError(e));
        }
      };
      worker.postMessage({ kind: "start", module, env: config.env, algorithm, seed, view: view && shown });
    }
  }
  for (const id of ["pause", "save", "download", "watch-left", "watch-right"]) $(id).disabled = false;
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

// ---- Curves ----

for (const radio of document.querySelectorAll("input[name=x]")) {
  radio.onchange = () => {
    curves.xMode = radio.value;
    curves.draw();
  };
}
$("shared").onchange = () => {
  curves.shared = $("shared").checked;
  curves.draw();
};
$("log").onchange = () => {
  curves.logX = $("log").checked;
  curves.draw();
};
curves.reset(sides.map((side) => ({ key: side, label: nameOf(formConfig()[side]), colour: colours[side], seeds: 1 })));
curves.draw();
setInterval(() => {
  const start = performance.now();
  if (visible.has($("curve"))) curves.draw();
  drawMs += performance.now() - start;
}, 500);
observer.observe($("curve"));

// ---- Watch it play ----

const watch = new Watch($("watch-canvas"), $("watch-status"), () => {
  const ready = watch.policy !== undefined;
  $("watch-play").textContent = watch.playing ? "Pause" : watch.done ? "Play a new episode" : "Play";
  for (const id of ["watch-play", "watch-step", "watch-new"]) $(id).disabled = !ready;
  $("watch-step").disabled = !ready || watch.playing || watch.done;
});
{
  const ctx = $("watch-canvas").getContext("2d");
  ctx.fillStyle = "#777";
  ctx.font = "16px system-ui, sans-serif";
  ctx.fillText("The episode plays here.", 16, 36);
}
function showWatchError(error) {
  $("watch-status").innerHTML = `<span class="error"></span>`;
  $("watch-status").firstChild.textContent = `Cannot play this: ${String(error?.message ?? error)}`;
}
for (const side of sides) $(`watch-${side}`).onclick = () => runs[side]?.workers[0].postMessage({ kind: "policy" });
$("policy-file").onchange = async () => {
  const file = $("policy-file").files[0];
  if (!file) return;
  try {
    await watch.load(new Uint8Array(await file.arrayBuffer()), file.name);
  } catch (error) {
    showWatchError(error);
  }
};
$("watch-play").onclick = () => (watch.playing ? watch.pause() : watch.play());
$("watch-step").onclick = () => watch.step() && watch.draw();
$("watch-new").onclick = () => watch.newEpisode().catch(showWatchError);
$("watch-speed").onchange = () => {
  watch.speed = Number($("watch-speed").value);
  if (watch.policy) watch.draw();
};

// ---- Tabs (phone) ----

const tabs = [...document.querySelectorAll("#tabs [data-tab]")];
function selectTab(id) {
  for (const tab of tabs) {
    const on = tab.dataset.tab === id;
    tab.setAttribute("aria-selected", String(on));
    $(tab.dataset.tab).classList.toggle("active", on);
  }
}
for (const tab of tabs) {
  tab.onclick = () => {
    selectTab(tab.dataset.tab);
    // Bring the tabs to the top of the screen (where they then stay), the chosen part under them.
    if ($("tabs").getBoundingClientRect().top > 1) $("tabs").scrollIntoView({ block: "start" });
  };
}
selectTab("run-left");

// ---- First view: the form's teams described and their task drawn, then the page shown ----

// On a phone the team descriptions fold away, so that Start and the tabs are on the first screen.
if (matchMedia("(max-width: 600px)").matches) $("about").open = false;
await optionsChanged();
document.documentElement.classList.remove("pending");

// For tests and the benchmark: what runs (the configuration it was started with, each team's
// title), progress of each team's first seed, the fewest episodes any seed has finished,
// snapshots received and drawn, the latest settling's energy before and after (MAP propagation),
// the worker's milliseconds spent training and taking snapshots, the page's animation frames and
// milliseconds spent drawing so far, the watch mode's episode, and the curves' axes as last drawn
// (x-axis end, how far each seed has come, y-range and the best return shown).
window.demoState = () => ({
  frames, drawMs, running,
  titles: Object.fromEntries(sides.map((side) => [side, part(side, ".title").textContent])),
  runs: Object.fromEntries(Object.entries(runs).map(([side, r]) => [side, {
    algorithm: r.algorithm, env: r.env, steps: r.progress.steps, seconds: r.progress.seconds, snapshots: r.snapshots, drawn: r.drawn, energy: r.energy,
    trainMs: r.progress.trainMs ?? 0, snapshotMs: r.progress.snapshotMs ?? 0,
    episodes: Math.min(...curves.series[side].seeds.map((x) => x.episodes.length)),
  }])),
  watch: { env: watch.policy?.env.id, episode: watch.episode, steps: watch.steps, playing: watch.playing, done: watch.done, speed: watch.speed, fps: watch.policy ? taskInfo(watch.policy.env.id).fps : 0 },
  curves: { shared: curves.shared, logX: curves.logX, xMax: curves.xRange(), reach: curves.reach(), yRange: curves.yRange, best: curves.best },
});
