// Learning curves people can read: returns against environment steps or wall time, axes with
// ticks and labels, a legend, each algorithm's 100-episode running mean averaged over its seeds
// with a band from the lowest to the highest seed, and a read-out under the pointer.
import { axes, fitCanvas, formatNumber, formatSeconds, niceTicks } from "./chart.js";

const WINDOW = 100;
const GRID = 240;
const MAX_DOTS = 1500;

export class Curves {
  /** `canvas` to draw on, `readout` an element for the hover text, `legend` one for the legend. */
  constructor(canvas, readout, legend) {
    this.canvas = canvas;
    this.readout = readout;
    this.legend = legend;
    this.series = {};
    this.xMode = "steps";
    this.hover = undefined;
    canvas.addEventListener("pointermove", (e) => {
      const rect = canvas.getBoundingClientRect();
      this.hover = e.clientX - rect.left;
      this.draw();
    });
    canvas.addEventListener("pointerleave", () => {
      this.hover = undefined;
      this.draw();
    });
  }

  /** Starts a series: one per algorithm, with `seeds` runs. */
  reset(series) {
    this.series = Object.fromEntries(series.map(({ key, label, colour, seeds, firstSeed = 0 }) => [key, { label, colour, firstSeed, seeds: Array.from({ length: seeds }, () => ({ episodes: [], sum: 0 })) }]));
    this.legend.innerHTML = series.map(({ label, colour, seeds }) =>
      `<span class="key"><span class="swatch" style="background:${colour}"></span>${label}${seeds > 1 ? ` (${seeds} seeds)` : ""}</span>`).join("") +
      `<span class="key muted">line: running mean of the last ${WINDOW} episodes${series.some((s) => s.seeds > 1) ? ", averaged over seeds; band: lowest to highest seed" : ""}; dots: single episodes</span>`;
  }

  /** Adds a finished episode of `seed` in series `key`: { return, steps, seconds }. */
  add(key, seed, episode) {
    const run = this.series[key].seeds[seed];
    run.sum += episode.return;
    if (run.episodes.length >= WINDOW) run.sum -= run.episodes[run.episodes.length - WINDOW].return;
    run.episodes.push({ ...episode, mean: run.sum / Math.min(run.episodes.length + 1, WINDOW) });
  }

  xOf(episode) {
    return this.xMode === "steps" ? episode.steps : episode.seconds;
  }

  /** The running mean of `run` at x: that of its last episode finished by x (undefined before its first or after its last). */
  meanAt(run, x) {
    const eps = run.episodes;
    if (eps.length === 0 || this.xOf(eps[0]) > x || this.xOf(eps[eps.length - 1]) < x) return undefined;
    let lo = 0, hi = eps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.xOf(eps[mid]) <= x) lo = mid;
      else hi = mid - 1;
    }
    return { mean: eps[lo].mean, episode: lo + 1 };
  }

  /** Mean and range over seeds at x, where every seed has data. */
  statsAt(series, x) {
    const at = series.seeds.map((run) => this.meanAt(run, x));
    if (at.some((a) => a === undefined)) return undefined;
    const means = at.map((a) => a.mean);
    return { mean: means.reduce((a, b) => a + b, 0) / means.length, lo: Math.min(...means), hi: Math.max(...means), episode: at[0].episode };
  }

  draw() {
    const { ctx, width } = fitCanvas(this.canvas, 300);
    const all = Object.values(this.series).flatMap((s) => s.seeds.flatMap((r) => r.episodes));
    const box = { left: 52, top: 18, width: width - 68, height: 230 };
    const xLabel = this.xMode === "steps" ? "environment steps" : "wall time (s of training)";
    if (all.length === 0) {
      axes(ctx, box, { x: [0, 1000], y: [0, 100], xLabel, yLabel: "episode return" });
      ctx.fillStyle = "#888";
      ctx.textAlign = "center";
      ctx.font = "13px system-ui, sans-serif";
      ctx.fillText("Curves appear here as episodes finish.", box.left + box.width / 2, box.top + box.height / 2);
      return;
    }
    let xMax = 1, lo = Infinity, hi = -Infinity;
    for (const e of all) {
      xMax = Math.max(xMax, this.xOf(e));
      lo = Math.min(lo, e.return);
      hi = Math.max(hi, e.return);
    }
    if (hi - lo < 1) hi = lo + 1;
    // Round the range out to whole ticks, so the top and bottom are labelled.
    const ticks = niceTicks(lo, hi, 5);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    const narrow = width < 500;
    const { sx, sy } = axes(ctx, box, {
      x: [0, xMax], y: [lo, hi], xLabel, yLabel: "episode return", xTicks: narrow ? 3 : 6, yTicks: 5,
      xFormat: this.xMode === "steps" ? formatNumber : (s) => formatNumber(s),
    });
    const grid = Array.from({ length: GRID + 1 }, (_, k) => (k / GRID) * xMax);
    for (const series of Object.values(this.series)) {
      // Single episodes as faint dots: at most MAX_DOTS per seed (every k-th episode beyond), so
      // a long run costs no more to draw than a short one.
      ctx.fillStyle = series.colour + "40";
      for (const run of series.seeds) {
        const stride = Math.ceil(run.episodes.length / MAX_DOTS);
        for (let k = run.episodes.length - 1; k >= 0; k -= stride) ctx.fillRect(sx(this.xOf(run.episodes[k])) - 1, sy(run.episodes[k].return) - 1, 2, 2);
      }
      const points = grid.map((x) => ({ x, s: this.statsAt(series, x) })).filter((p) => p.s);
      if (points.length === 0) continue;
      if (series.seeds.length > 1) {
        ctx.fillStyle = series.colour + "33";
        ctx.beginPath();
        points.forEach((p, k) => (k === 0 ? ctx.moveTo(sx(p.x), sy(p.s.hi)) : ctx.lineTo(sx(p.x), sy(p.s.hi))));
        for (let k = points.length - 1; k >= 0; k--) ctx.lineTo(sx(points[k].x), sy(points[k].s.lo));
        ctx.closePath();
        ctx.fill();
      }
      ctx.strokeStyle = series.colour;
      ctx.lineWidth = 2.2;
      ctx.beginPath();
      points.forEach((p, k) => (k === 0 ? ctx.moveTo(sx(p.x), sy(p.s.mean)) : ctx.lineTo(sx(p.x), sy(p.s.mean))));
      ctx.stroke();
    }
    this.showReadout(ctx, box, sx, xMax);
  }

  showReadout(ctx, box, sx, xMax) {
    if (this.hover === undefined || this.hover < box.left || this.hover > box.left + box.width) {
      this.readout.textContent = "Point at the curves to read them.";
      return;
    }
    const x = ((this.hover - box.left) / box.width) * xMax;
    ctx.strokeStyle = "#888";
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(sx(x), box.top);
    ctx.lineTo(sx(x), box.top + box.height);
    ctx.stroke();
    ctx.setLineDash([]);
    const at = this.xMode === "steps" ? `${Math.round(x).toLocaleString("en")} steps` : formatSeconds(x);
    const parts = Object.values(this.series).map((s) => {
      const v = this.statsAt(s, x);
      if (!v) return `<span style="color:${s.colour}">${s.label}: no data yet</span>`;
      const range = s.seeds.length > 1 ? ` (seeds ${v.lo.toFixed(1)} to ${v.hi.toFixed(1)})` : "";
      return `<span style="color:${s.colour}">${s.label}: ${v.mean.toFixed(1)}${range}, episode ${v.episode}</span>`;
    });
    this.readout.innerHTML = `At ${at}: ${parts.join(" · ")}`;
  }

  /** All episodes as CSV rows. */
  csv() {
    const rows = ["algorithm,seed,episode,return,steps,seconds"];
    for (const s of Object.values(this.series)) {
      s.seeds.forEach((run, seed) => run.episodes.forEach((e, k) => rows.push(`${s.label},${s.firstSeed + seed},${k + 1},${e.return},${e.steps},${e.seconds.toFixed(3)}`)));
    }
    return rows.join("\n") + "\n";
  }
}
