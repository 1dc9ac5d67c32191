// The demo page: two algorithms train side by side, each in its own Web Worker sharing one
// compiled core; the page animates both environments and draws the learning curves live.
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
  const all = Object.values(runs).flatMap((r) => r.returns);
  if (all.length === 0) return;
  const episodes = Math.max(...Object.values(runs).map((r) => r.returns.length), 2);
  const lo = Math.min(...all), hi = Math.max(...all, lo + 1);
  const x = (k) => 50 + (k / (episodes - 1)) * (width - 70);
  const y = (v) => height - 30 - ((v - lo) / (hi - lo)) * (height - 50);
  ctx.fillStyle = "#222";
  ctx.fillText(`${hi.toFixed(0)}`, 5, y(hi) + 4);
  ctx.fillText(`${lo.toFixed(0)}`, 5, y(lo));
  ctx.fillText("episode →", width - 70, height - 8);
  for (const [side, run] of Object.entries(runs)) {
    ctx.fillStyle = colours[side] + "55";
    run.returns.forEach((v, k) => ctx.fillRect(x(k) - 1, y(v) - 1, 2, 2));
    ctx.strokeStyle = colours[side];
    ctx.lineWidth = 2;
    ctx.beginPath();
    runningAverage(run.returns).forEach((v, k) => (k === 0 ? ctx.moveTo(x(k), y(v)) : ctx.lineTo(x(k), y(v))));
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
  for (const run of Object.values(runs)) run.worker.terminate();
  runs = {};
  paused = false;
  $("pause").textContent = "Pause";
  const module = await modulePromise;
  for (const side of ["left", "right"]) {
    const algorithm = $(side).value;
    const worker = new Worker("./worker.js", { type: "module" });
    runs[side] = { algorithm, worker, returns: [] };
    $(`${side}-title`).textContent = `${algorithm} on ${$("env").value}`;
    $(`${side}-title`).style.color = colours[side];
    worker.onmessage = ({ data }) => {
      if (data.kind === "frame") draw(side, data);
      else if (data.kind === "episode") {
        runs[side].returns.push(data.return);
        const r = runs[side].returns;
        $(`${side}-status`).textContent = `episode ${r.length}, return ${data.return.toFixed(1)}, average of the last 100: ${runningAverage(r).at(-1).toFixed(1)}`;
      } else if (data.kind === "saved") download(`${algorithm}-${$("env").value}.ckpt`, new Blob([data.bytes]));
      else if (data.kind === "error") $("message").innerHTML = `<span class="error">${side}: ${data.message}</span>`;
    };
    worker.postMessage({ kind: "start", module, env: $("env").value, algorithm, seed: Number($("seed").value) });
  }
  for (const id of ["pause", "save", "download"]) $(id).disabled = false;
};

$("pause").onclick = () => {
  paused = !paused;
  for (const run of Object.values(runs)) run.worker.postMessage({ kind: paused ? "pause" : "resume" });
  $("pause").textContent = paused ? "Resume" : "Pause";
};
$("save").onclick = () => Object.values(runs).forEach((run) => run.worker.postMessage({ kind: "save" }));
$("download").onclick = () => {
  const rows = ["algorithm,episode,return", ...Object.values(runs).flatMap((r) => r.returns.map((v, k) => `${r.algorithm},${k + 1},${v}`))];
  download("curves.csv", new Blob([rows.join("\n") + "\n"], { type: "text/csv" }));
};
setInterval(drawCurves, 500);
window.demoRuns = () => Object.fromEntries(Object.entries(runs).map(([side, r]) => [side, r.returns.length]));
