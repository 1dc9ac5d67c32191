// The demo page: two algorithms train side by side, each seed in its own Web Worker, all sharing
// one compiled core; the page animates the first seed of each and draws the curves live (every
// seed's returns as dots, the mean of their 100-episode running averages as a line).
import { algorithms, renderAcrobot, renderCartPole, renderLunarLander, renderMountainCar } from "/dist/browser.js";

const $ = (id) => document.getElementById(id);
const colours = { left: "#4269d0", right: "#ef6f3a" };
for (const side of ["left", "right"]) {
  for (const a of algorithms) $(side).append(new Option(a, a));
}
$("left").value = "map-prop";
$("right").value = "reinforce";

const modulePromise = WebAssembly.compileStreaming(fetch("/build/core64.wasm"));
let runs = {};
let paused = false;

function draw(side, data) {
  const ctx = $(`${side}-canvas`).getContext("2d");
  const env = $("env").value;
  if (data.snapshot) renderLunarLander(ctx, data.snapshot);
  else if (env === "CartPole-v1") renderCartPole(ctx, data.state);
  else if (env === "Acrobot-v1") renderAcrobot(ctx, data.state);
  else renderMountainCar(ctx, data.state);
}

const runningAverage = (xs, n = 100) => xs.map((_, k) => {
  const from = Math.max(0, k - n + 1);
  return xs.slice(from, k + 1).reduce((a, b) => a + b, 0) / (k + 1 - from);
});

/** Per-episode returns as dots and their 100-episode running average as a line, per algorithm. */
function drawCurves() {
  const canvas = $("curve");
  const ctx = canvas.getContext("2d");
  const { width, height } = canvas;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  const all = Object.values(runs).flatMap((r) => r.returns.flat());
  if (all.length === 0) return;
  const episodes = Math.max(...Object.values(runs).flatMap((r) => r.returns.map((x) => x.length)), 2);
  const lo = Math.min(...all), hi = Math.max(...all, lo + 1);
  const x = (k) => 50 + (k / (episodes - 1)) * (width - 70);
  const y = (v) => height - 30 - ((v - lo) / (hi - lo)) * (height - 50);
  ctx.fillStyle = "#222";
  ctx.fillText(`${hi.toFixed(0)}`, 5, y(hi) + 4);
  ctx.fillText(`${lo.toFixed(0)}`, 5, y(lo));
  ctx.fillText("episode →", width - 70, height - 8);
  for (const [side, run] of Object.entries(runs)) {
    ctx.fillStyle = colours[side] + "55";
    for (const returns of run.returns) returns.forEach((v, k) => ctx.fillRect(x(k) - 1, y(v) - 1, 2, 2));
    // The mean over seeds, as far as every seed has got.
    const common = Math.min(...run.returns.map((r) => r.length));
    const averages = run.returns.map((r) => runningAverage(r.slice(0, common)));
    ctx.strokeStyle = colours[side];
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let k = 0; k < common; k++) {
      const v = averages.reduce((sum, a) => sum + a[k], 0) / averages.length;
      if (k === 0) ctx.moveTo(x(k), y(v));
      else ctx.lineTo(x(k), y(v));
    }
    ctx.stroke();
  }
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
  const module = await modulePromise;
  const seeds = Math.min(Math.max(Number($("seeds").value) || 1, 1), 4);
  for (const side of ["left", "right"]) {
    const algorithm = $(side).value;
    runs[side] = { algorithm, workers: [], returns: [] };
    $(`${side}-title`).textContent = `${algorithm} on ${$("env").value}${seeds > 1 ? ` (${seeds} seeds)` : ""}`;
    $(`${side}-title`).style.color = colours[side];
    for (let s = 0; s < seeds; s++) {
      const seed = Number($("seed").value) + s;
      const worker = new Worker("./worker.js", { type: "module" });
      const returns = [];
      runs[side].workers.push(worker);
      runs[side].returns.push(returns);
      worker.onmessage = ({ data }) => {
        if (data.kind === "frame" && s === 0) draw(side, data);
        else if (data.kind === "episode") {
          returns.push(data.return);
          if (s === 0) $(`${side}-status`).textContent = `episode ${returns.length}, return ${data.return.toFixed(1)}, average of the last 100: ${runningAverage(returns).at(-1).toFixed(1)}`;
        } else if (data.kind === "saved") download(`${algorithm}-${$("env").value}-seed${seed}.ckpt`, new Blob([data.bytes]));
        else if (data.kind === "error") $("message").innerHTML = `<span class="error">${side}, seed ${seed}: ${data.message}</span>`;
      };
      worker.postMessage({ kind: "start", module, env: $("env").value, algorithm, seed });
    }
  }
  for (const id of ["pause", "save", "download"]) $(id).disabled = false;
};

$("pause").onclick = () => {
  paused = !paused;
  for (const run of Object.values(runs)) run.workers.forEach((w) => w.postMessage({ kind: paused ? "pause" : "resume" }));
  $("pause").textContent = paused ? "Resume" : "Pause";
};
$("save").onclick = () => Object.values(runs).forEach((run) => run.workers.forEach((w) => w.postMessage({ kind: "save" })));
$("download").onclick = () => {
  const first = Number($("seed").value);
  const rows = ["algorithm,seed,episode,return", ...Object.values(runs).flatMap((r) => r.returns.flatMap((returns, s) => returns.map((v, k) => `${r.algorithm},${first + s},${k + 1},${v}`)))];
  download("curves.csv", new Blob([rows.join("\n") + "\n"], { type: "text/csv" }));
};
setInterval(drawCurves, 500);
// For tests: the fewest episodes any seed of each side has finished.
window.demoRuns = () => Object.fromEntries(Object.entries(runs).map(([side, r]) => [side, Math.min(...r.returns.map((x) => x.length))]));
