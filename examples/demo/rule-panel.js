// The panel that shows what the learning rule gives each unit, with a caption in plain words.
// MAP propagation: the energy falling over the settling sweeps and hidden values moving from
// sampled to settled. Weight Maximization: each hidden unit's own reward beside the global TD
// error. REINFORCE (and the rules that share one signal): the one TD error every unit receives.
import { axes, fitCanvas, formatNumber, signedColour } from "./chart.js";
import { SNAPSHOT_MS } from "./snapshot.js";

/** Which panel a rule gets. */
export function panelKind(algorithm) {
  if (algorithm === "map-prop") return "energy";
  if (algorithm.startsWith("weight-max")) return "own-rewards";
  return "shared";
}

export const captions = {
  "map-prop":
    "MAP propagation. Every hidden unit is an agent with a noisy (Gaussian) value. After the team has acted, the units settle: each nudges its " +
    "value towards one that fits both what the units below suggest and the action the team actually took. Left: the energy — how implausible " +
    "the team's values are, given the state and that action — falls sweep by sweep. Right: the units that moved most, from their sampled " +
    "value (sweep 0) to their settled one. Every unit then learns from the one TD error, but judged by its settled value instead of its noisy " +
    "sample, which is a far clearer signal. (Replayed on a copy of the agent for its latest state and action, about four times a second.)",
  "weight-max":
    "Weight Maximization. Only the output unit hears the global reward, the TD error. Every hidden unit is rewarded instead by how much " +
    "its outgoing weights grew in this step (the change of their squared norm): a unit whose output the units above found useful, and " +
    "therefore strengthened, is rewarded. Top: the TD error, sampled four times a second (the step the worker was at; thousands of steps pass between samples). Below: each hidden unit's own reward, layer by layer, on its own scale; " +
    "silent units (value 0) sent nothing up and get nothing.",
  reinforce:
    "REINFORCE. Every unit, whatever it did, receives the same single number: the global TD error (how much better or worse things went " +
    "than the critic expected). Top: that number, sampled four times a second (the step the worker was at; thousands of steps pass between samples). Below: the reward each unit received in that step — all bars equal. " +
    "With dozens of units acting at once, one shared signal says little about which of them helped, so this team learns slowly.",
  other:
    "This rule gives every unit the same global TD error; the units differ only in how they turn it into weight changes. Top: the TD error, sampled four times a second " +
    "(the step the worker was at). Below: the reward each unit received in that step.",
};
captions["weight-max-traces"] = captions["weight-max"];

export function captionFor(algorithm) {
  return captions[algorithm] ?? captions.other;
}

const ENERGY_HEIGHT = 214;
const ROW_HEIGHT = 44;
const rewardsHeight = (rows) => 96 + rows * (ROW_HEIGHT + 16);

/**
 * The panel's CSS height for `algorithm` with an actor of `layers` layers, known before the first
 * snapshot so that the page reserves it and nothing below moves when the drawing arrives.
 */
export function rulePanelHeight(algorithm, layers) {
  const kind = panelKind(algorithm);
  if (kind === "energy") return ENERGY_HEIGHT;
  return rewardsHeight(kind === "own-rewards" ? layers - 1 : layers);
}

/**
 * The TD-error strip holds one sample per snapshot, the TD error of the step the worker was at
 * when it took it, one every SNAPSHOT_MS: its label says so rather than calling them steps.
 */
export const TD_STRIP = { snapshotMs: SNAPSHOT_MS, samples: 120 };

/** Draws the rule panel for `algorithm` from the latest snapshot and the recent TD errors. */
export function drawRulePanel(canvas, algorithm, snap, tdHistory) {
  const kind = panelKind(algorithm);
  if (kind === "energy" && snap.settling) return drawEnergy(canvas, snap.settling);
  return drawRewards(canvas, snap, tdHistory, kind);
}

function drawEnergy(canvas, { energies, hidden }) {
  const { ctx, width } = fitCanvas(canvas, ENERGY_HEIGHT);
  const narrow = width < 440;
  const half = (width - 20) / 2;
  const sweeps = energies.length - 1;
  let hi = 0;
  for (const e of energies) hi = Math.max(hi, e);
  const left = { left: 44, top: 22, width: half - 54, height: 130 };
  const energy = axes(ctx, left, { x: [0, sweeps], y: [0, hi * 1.05], xLabel: "settling sweep", yLabel: "energy", xTicks: narrow ? 2 : 4 });
  ctx.strokeStyle = "#6a3d9a";
  ctx.fillStyle = "#6a3d9a";
  ctx.lineWidth = 2;
  ctx.beginPath();
  energies.forEach((e, s) => (s === 0 ? ctx.moveTo(energy.sx(s), energy.sy(e)) : ctx.lineTo(energy.sx(s), energy.sy(e))));
  ctx.stroke();
  energies.forEach((e, s) => ctx.fillRect(energy.sx(s) - 1.5, energy.sy(e) - 1.5, 3, 3));
  ctx.font = "12px system-ui, sans-serif";
  ctx.fillStyle = "#333";
  ctx.textAlign = "right";
  ctx.fillText(`${formatNumber(energies[0])} → ${formatNumber(energies[sweeps])}`, left.left + left.width, left.top + 12);

  // The hidden units that moved most between their sample and their settled value.
  const movers = [];
  hidden.forEach((layer, l) => {
    const first = layer[0], last = layer[layer.length - 1];
    for (let j = 0; j < first.length; j++) movers.push({ l, j, move: Math.abs(last[j] - first[j]) });
  });
  movers.sort((a, b) => b.move - a.move);
  const shown = movers.slice(0, 10);
  let lo = Infinity, top = -Infinity;
  for (const { l, j } of shown) for (const values of hidden[l]) (lo = Math.min(lo, values[j])), (top = Math.max(top, values[j]));
  const right = { left: half + 54, top: 22, width: half - 54, height: 130 };
  const value = axes(ctx, right, { x: [0, sweeps], y: [lo, top + 1e-9], xLabel: "settling sweep", yLabel: "unit value", xTicks: narrow ? 2 : 4 });
  shown.forEach(({ l, j }, k) => {
    // One hue per layer (as in the key below), lightness telling the units apart.
    ctx.strokeStyle = l === 0 ? `hsl(210, 65%, ${28 + (k % 5) * 7}%)` : `hsl(25, 85%, ${35 + (k % 5) * 6}%)`;
    ctx.lineWidth = 1.4;
    ctx.beginPath();
    hidden[l].forEach((values, s) => (s === 0 ? ctx.moveTo(value.sx(s), value.sy(values[j])) : ctx.lineTo(value.sx(s), value.sy(values[j]))));
    ctx.stroke();
  });
  ctx.fillStyle = "#333";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "left";
  ctx.fillText("sampled → settled", right.left + 6, right.top + 10);
  // The key sits on a full line of its own under the axis label, its descenders inside the canvas.
  ctx.textBaseline = "alphabetic";
  ctx.fillStyle = "hsl(210, 65%, 35%)";
  ctx.fillText("hidden layer 1", right.left + 6, right.height + right.top + 50);
  ctx.fillStyle = "hsl(25, 85%, 45%)";
  ctx.fillText("hidden layer 2", right.left + 96, right.height + right.top + 50);
}

/** Signed bars on a midline, scaled to the largest magnitude. */
function bars(ctx, values, box, scale) {
  const mid = box.top + box.height / 2;
  const w = box.width / values.length;
  ctx.strokeStyle = "#bbb";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(box.left, mid + 0.5);
  ctx.lineTo(box.left + box.width, mid + 0.5);
  ctx.stroke();
  values.forEach((v, k) => {
    const t = v / (scale || 1);
    const h = (t * box.height) / 2;
    ctx.fillStyle = signedColour(t >= 0 ? 1 : -1);
    ctx.fillRect(box.left + k * w + w * 0.1, h >= 0 ? mid - h : mid, Math.max(w * 0.8, 1), Math.max(Math.abs(h), v === 0 ? 0 : 1));
  });
}

function drawRewards(canvas, snap, tdHistory, kind) {
  const layers = snap.network.layers;
  const rows = kind === "own-rewards" ? layers.slice(0, -1).map((l, k) => ({ layer: l, name: `hidden layer ${k + 1}` })).reverse()
    : layers.map((l, k) => ({ layer: l, name: k === layers.length - 1 ? "output" : `hidden layer ${k + 1}` })).reverse();
  const rowHeight = ROW_HEIGHT;
  const { ctx, width } = fitCanvas(canvas, rewardsHeight(rows.length));
  // The TD error over the recent snapshots.
  let peak = 1e-9;
  for (const d of tdHistory) peak = Math.max(peak, Math.abs(d));
  const box = { left: 44, top: 22, width: width - 56, height: 56 };
  const td = axes(ctx, box, { x: [0, Math.max(tdHistory.length - 1, 1)], y: [-peak, peak], yLabel: `global TD error δ, one sample per ${TD_STRIP.snapshotMs} ms (last ${Math.round((TD_STRIP.samples * TD_STRIP.snapshotMs) / 1000)} s)`, yTicks: 2, xFormat: () => "" });
  ctx.strokeStyle = "#333";
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  tdHistory.forEach((d, k) => (k === 0 ? ctx.moveTo(td.sx(k), td.sy(d)) : ctx.lineTo(td.sx(k), td.sy(d))));
  ctx.stroke();
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "right";
  ctx.fillStyle = "#333";
  // Inside the strip's top-right corner, on a white patch: above it the axis label needs the width.
  const now = `δ now: ${formatNumber(snap.tdError)}`;
  ctx.fillStyle = "rgba(255,255,255,0.85)";
  ctx.fillRect(box.left + box.width - ctx.measureText(now).width - 4, box.top, ctx.measureText(now).width + 4, 15);
  ctx.fillStyle = "#333";
  ctx.textBaseline = "top";
  ctx.fillText(now, box.left + box.width, box.top + 2);
  ctx.textBaseline = "alphabetic";
  let y = box.top + box.height + 26;
  for (const { layer, name } of rows) {
    let scale = 0;
    for (const r of layer.rewards) scale = Math.max(scale, Math.abs(r));
    const equal = layer.rewards.every((r) => r === layer.rewards[0]);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.fillStyle = "#333";
    const n = layer.rewards.length;
    const what = kind === "own-rewards" ? `${name}, ${n} units: own rewards, ±${formatNumber(scale)}`
      : `${name}, ${n} unit${n === 1 ? "" : "s"}: ${equal ? `${n === 1 ? "it" : "every one"} got ${formatNumber(layer.rewards[0] ?? 0)}` : "rewards"}`;
    ctx.fillText(what, box.left, y - 2);
    // Own rewards on each layer's own scale; a shared reward at full height, so that the bars'
    // equality is what shows.
    bars(ctx, Array.from(layer.rewards), { left: box.left, top: y, width: box.width, height: rowHeight }, scale);
    y += rowHeight + 16;
  }
}
