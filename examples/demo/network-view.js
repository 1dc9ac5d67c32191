// Draws the actor network as a team: one dot per unit (an agent), coloured by its current value,
// and its strongest connections as lines whose width and colour show the weight.
import { fitCanvas, signedColour, valueColour } from "./chart.js";

/** Connections drawn per layer: the strongest by |weight|, so the picture stays legible. */
const EDGES_PER_LAYER = 120;
/** The canvas's CSS height: fixed, so the page can reserve it before the first drawing. */
export const NETWORK_HEIGHT = 250;

const kindLabel = { bernoulli: "Bernoulli units (fire 0/1)", gaussian: "Gaussian units", deterministic: "deterministic units", categorical: "action" };

/** The indices of the `count` weights of largest magnitude (ties at the threshold may add a few). */
function strongest(weights, count) {
  if (weights.length <= count) return Array.from(weights.keys());
  const magnitudes = Float32Array.from(weights, Math.abs);
  const threshold = magnitudes.slice().sort()[magnitudes.length - count];
  const out = [];
  for (let k = 0; k < magnitudes.length && out.length < count; k++) if (magnitudes[k] >= threshold) out.push(k);
  return out;
}

/** Style buckets: lines and dots are grouped by quantised colour, each group one path, one stroke. */
const BUCKETS = 8;

/**
 * Draws `snap` (from snapshot.js networkSnapshot) on `canvas`. `scales` carries each layer's
 * colour range between calls, so colours do not flicker as values change. `names` gives the
 * task's short names of the inputs and actions (tasks.js), written under their units.
 *
 * An output with a fixed zero logit (Weight Maximization's networks: a softmax over n actions
 * from n − 1 learned logits and a constant 0) gets one more dot, outlined dashed, for the action
 * no unit stands for: it is "taken" when none of the learned units is.
 */
export function drawNetwork(canvas, snap, scales = [], names = { inputs: [], actions: [] }) {
  const height = NETWORK_HEIGHT;
  const { ctx, width } = fitCanvas(canvas, height);
  const top = snap.layers.length - 1;
  const rows = [{ values: snap.input, label: `${snap.input.length} inputs (the observation)`, kind: "input", names: names.inputs }, ...snap.layers.map((l, k) => {
    if (k < top) return { values: l.values, label: `hidden layer ${k + 1}: ${l.values.length} ${kindLabel[l.unit]}`, kind: l.unit };
    const fixed = l.fixedZeroLogit;
    // The fixed logit's action is taken when no learned unit is: its value is what is left of 1.
    const values = fixed ? Float32Array.of(...l.values, 1 - l.values.reduce((a, b) => a + b, 0)) : l.values;
    const label = l.unit === "categorical" ? `output: the action taken${fixed ? " (dashed: fixed zero logit, no unit)" : ""}` : "output: the action";
    return { values, label, kind: l.unit, names: names.actions, fixed };
  })];
  const margin = 12;
  // Room under the inputs for their names.
  const bottom = names.inputs.length ? 26 : margin;
  const gap = (height - margin - bottom - 14) / (rows.length - 1);
  // Row r from the bottom (inputs) to the top (output); named units spread wider to fit their names.
  const positions = rows.map((row, r) => {
    const y = height - bottom - r * gap;
    const n = row.values.length;
    ctx.font = "10.5px system-ui, sans-serif";
    const widest = row.names?.length ? Math.max(...row.names.map((name) => ctx.measureText(name).width)) + 10 : 0;
    const spacing = Math.min((width - 2 * margin) / n, Math.max(28, widest));
    const x0 = width / 2 - (spacing * (n - 1)) / 2;
    return { y, spacing, xs: Array.from({ length: n }, (_, j) => x0 + j * spacing) };
  });
  // Connections first, under the units: grouped by sign and quantised strength, one path each.
  const paths = Array.from({ length: 2 * BUCKETS }, () => []);
  snap.layers.forEach((layer, l) => {
    const below = positions[l], above = positions[l + 1];
    const units = layer.values.length;
    let max = 0;
    for (const w of layer.weights) max = Math.max(max, Math.abs(w));
    for (const k of strongest(layer.weights, EDGES_PER_LAYER)) {
      const t = Math.abs(layer.weights[k]) / (max || 1);
      const bucket = Math.min(Math.floor(t * BUCKETS), BUCKETS - 1) + (layer.weights[k] < 0 ? BUCKETS : 0);
      paths[bucket].push(below.xs[Math.floor(k / units)], below.y, above.xs[k % units], above.y);
    }
  });
  paths.forEach((lines, bucket) => {
    if (lines.length === 0) return;
    const t = ((bucket % BUCKETS) + 0.5) / BUCKETS;
    ctx.strokeStyle = signedColour(bucket < BUCKETS ? t : -t, 0.25 + 0.6 * t);
    ctx.lineWidth = 0.3 + 2.4 * t;
    ctx.beginPath();
    for (let k = 0; k < lines.length; k += 4) {
      ctx.moveTo(lines[k], lines[k + 1]);
      ctx.lineTo(lines[k + 2], lines[k + 3]);
    }
    ctx.stroke();
  });
  // Units: colour = value on the layer's own scale (a running maximum of |value|).
  rows.forEach((row, r) => {
    const { y, spacing, xs } = positions[r];
    let peak = 0;
    for (const v of row.values) peak = Math.max(peak, Math.abs(v));
    const scale = (scales[r] = Math.max(peak, 0.9 * (scales[r] ?? 0), 1e-6));
    const radius = Math.max(Math.min(spacing * 0.42, 9), 1.6);
    // Fill per unit (colours are continuous), then all outlines of the row in one stroke.
    row.values.forEach((v, j) => {
      const t = row.kind === "input" ? 0.5 + v / (2 * scale) : row.kind === "bernoulli" || row.kind === "categorical" ? v : Math.max(v, 0) / scale;
      ctx.fillStyle = row.kind === "input" ? signedColour(v / scale) : valueColour(t);
      ctx.beginPath();
      ctx.arc(xs[j], y, radius, 0, 2 * Math.PI);
      ctx.fill();
    });
    ctx.strokeStyle = "#444";
    ctx.lineWidth = 0.6;
    ctx.beginPath();
    const learned = row.fixed ? xs.length - 1 : xs.length;
    for (const x of xs.slice(0, learned)) {
      ctx.moveTo(x + radius, y);
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
    }
    ctx.stroke();
    if (row.fixed) {
      ctx.setLineDash([2, 2]);
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      ctx.arc(xs[learned], y, radius, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // Each named unit's name under it, on a white patch over the connections.
    if (row.names?.length === xs.length) {
      ctx.font = "10.5px system-ui, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      row.names.forEach((name, j) => {
        const w = ctx.measureText(name).width;
        ctx.fillStyle = "rgba(255,255,255,0.85)";
        ctx.fillRect(xs[j] - w / 2 - 2, y + radius + 1, w + 4, 12);
        ctx.fillStyle = "#333";
        ctx.fillText(name, xs[j], y + radius + 2);
      });
    }
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    // On a white patch, so the label stays readable over the connections.
    ctx.fillStyle = "rgba(255,255,255,0.85)";
    ctx.fillRect(margin - 2, y - radius - 15, ctx.measureText(row.label).width + 4, 13);
    ctx.fillStyle = "#333";
    ctx.fillText(row.label, margin, y - radius - 2);
  });
  return scales;
}
