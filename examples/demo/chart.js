// Small drawing helpers shared by the demo's canvases: crisp sizing on any screen, round tick
// values, compact number labels and colour scales.

/**
 * Sizes `canvas` to its CSS width (and the given CSS height) at the screen's pixel density and
 * returns a context that draws in CSS pixels.
 */
export function fitCanvas(canvas, cssHeight) {
  const dpr = Math.min(window.devicePixelRatio || 1, 2);
  const width = Math.max(canvas.clientWidth, 100);
  const w = Math.round(width * dpr), h = Math.round(cssHeight * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    canvas.style.height = `${cssHeight}px`;
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, cssHeight);
  return { ctx, width, height: cssHeight };
}

/** About `count` round values (1, 2 or 5 × 10^k apart) covering [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** 1234567 → "1.2M", 0.000123 → "1.2e-4": short labels for axes and read-outs. */
export function formatNumber(x) {
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 1e6) return `${+(x / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(x / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${+(x / 1e3).toFixed(1)}k`;
  if (a >= 10) return `${+x.toFixed(0)}`;
  if (a >= 0.01) return `${+x.toFixed(2)}`;
  return x.toExponential(1).replace("e-", "e−");
}

/** Seconds as "42 s" or "3 min 05 s". */
export function formatSeconds(s) {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  return `${Math.floor(s / 60)} min ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
}

const mix = (a, b, t) => a.map((x, k) => Math.round(x + (b[k] - x) * t));
const rgb = ([r, g, b]) => `rgb(${r},${g},${b})`;

/** A unit's value in [0, 1] as a colour from pale (silent, low) to deep violet (firing, high). */
export function valueColour(t) {
  const stops = [[247, 244, 232], [250, 196, 90], [222, 94, 74], [120, 40, 110], [40, 18, 70]];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const k = Math.min(Math.floor(x), stops.length - 2);
  return rgb(mix(stops[k], stops[k + 1], x - k));
}

/** A signed quantity in [−1, 1]: teal for positive, red for negative, white at zero. */
export function signedColour(t, alpha = 1) {
  const c = mix([255, 255, 255], t >= 0 ? [20, 130, 140] : [205, 50, 50], Math.min(Math.abs(t), 1));
  return `rgba(${c[0]},${c[1]},${c[2]},${alpha})`;
}

/** Draws a small axis frame with ticks (round values, or `xTickValues`) and labels; returns the value → pixel maps. */
export function axes(ctx, box, { x: [x0, x1], y: [y0, y1], xLabel, yLabel, xTicks = 4, yTicks = 4, xFormat = formatNumber, yFormat = formatNumber, xTickValues }) {
  const { left, top, width, height } = box;
  const sx = (v) => left + ((v - x0) / (x1 - x0 || 1)) * width;
  const sy = (v) => top + height - ((v - y0) / (y1 - y0 || 1)) * height;
  ctx.save();
  ctx.font = "11px system-ui, sans-serif";
  ctx.strokeStyle = "#e4e4e4";
  ctx.fillStyle = "#555";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const t of niceTicks(y0, y1, yTicks)) {
    const y = Math.round(sy(t)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(left + width, y);
    ctx.stroke();
    ctx.fillText(yFormat(t), left - 4, y);
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const t of xTickValues ?? niceTicks(x0, x1, xTicks)) {
    const x = Math.round(sx(t)) + 0.5;
    ctx.strokeStyle = "#999";
    ctx.beginPath();
    ctx.moveTo(x, top + height);
    ctx.lineTo(x, top + height + 4);
    ctx.stroke();
    ctx.fillText(xFormat(t), x, top + height + 5);
  }
  ctx.strokeStyle = "#999";
  ctx.beginPath();
  ctx.moveTo(left, top);
  ctx.lineTo(left, top + height);
  ctx.lineTo(left + width, top + height);
  ctx.stroke();
  ctx.fillStyle = "#333";
  if (xLabel) ctx.fillText(xLabel, left + width / 2, top + height + 19);
  if (yLabel) {
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.fillText(yLabel, left - 30 < 0 ? 2 : left - 30, top - 4);
  }
  ctx.restore();
  return { sx, sy };
}
