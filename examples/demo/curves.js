// Learning curves people can read: returns against environment steps or wall time, axes with
// ticks and labels, a legend, each algorithm's 100-episode running mean averaged over its seeds
// with a band from the lowest to the highest seed, and a read-out under the pointer. Two teams
// run at very different speeds (REINFORCE steps several times faster than MAP propagation), so
// the x-axis can stop at the slower team's progress (`shared`) or be logarithmic (`logX`); the
// y-axis leaves room above the best return, so a curve at the task's maximum is not cut off.
import { axes, fitCanvas, formatNumber, formatSeconds } from "./chart.js";

const WINDOW = 100;

/** The whole powers of ten (as exponents) between two exponents: a log axis's ticks. */
const decades = (a, b) => Array.from({ length: Math.max(Math.floor(b) - Math.ceil(a) + 1, 0) }, (_, k) => Math.ceil(a) + k);
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
    /** Show every team only as far as the slowest one has come (the x-axis ends there). */
    this.shared = false;
    /** A logarithmic x-axis. */
    this.logX = false;
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
    const xMax = this.xRange();
    let lo = Infinity, hi = -Infinity;
    for (const e of all) {
      if (this.xOf(e) > xMax) continue;
      lo = Math.min(lo, e.return);
      hi = Math.max(hi, e.return);
    }
    if (!(hi > lo)) (lo = Math.min(lo, 0)), (hi = lo + 1);
    this.best = hi;
    // A thirtieth of the range free above the best return and below the worst, so that points and
    // lines at the extremes (CartPole's 500) are drawn whole, clear of the frame, under a labelled tick.
    const room = (hi - lo) / 30;
    lo -= room;
    hi += room;
    this.yRange = [lo, hi];
    const narrow = width < 500;
    const xMin = this.logX ? this.logStart() : 0;
    const scale = this.logX ? Math.log10 : (x) => x;
    const { sx: sLinear, sy } = axes(ctx, box, {
      x: [scale(xMin), scale(xMax)], y: [lo, hi], xLabel: xLabel + (this.logX ? ", log scale" : "") + (this.shared ? ", up to the slower team" : ""),
      yLabel: "episode return", xTicks: narrow ? 3 : 6, yTicks: 5,
      xFormat: this.logX ? (t) => (Number.isInteger(t) ? formatNumber(10 ** t) : "") : formatNumber,
      xTickValues: this.logX ? decades(scale(xMin), scale(xMax)) : undefined,
    });
    const sx = (x) => sLinear(scale(Math.max(x, xMin)));
    ctx.save();
    // Nothing drawn beyond the x-axis's end (the faster team's later episodes, when shared).
    ctx.beginPath();
    ctx.rect(box.left - 2, 0, box.width + 4, box.top + box.height + 2);
    ctx.clip();
    const grid = Array.from({ length: GRID + 1 }, (_, k) => this.xAtFraction(k / GRID, xMin, xMax));
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
    ctx.restore();
    this.showReadout(ctx, box, sx, xMin, xMax);
  }

  /** The end of the x-axis: the furthest any team has come, or with `shared` the least far. */
  xRange() {
    const reach = this.reach();
    if (reach.length === 0) return 1;
    return Math.max(this.shared ? Math.min(...reach) : Math.max(...reach), this.logX ? this.logStart() * 10 : 1);
  }

  /** How far each seed of each team has come: the x of its latest episode. */
  reach() {
    return Object.values(this.series).flatMap((s) => s.seeds).filter((r) => r.episodes.length > 0).map((r) => this.xOf(r.episodes.at(-1)));
  }

  /** Where a log axis starts: the first episode's end, floored to a power of ten. */
  logStart() {
    let first = Infinity;
    for (const s of Object.values(this.series)) for (const r of s.seeds) if (r.episodes.length) first = Math.min(first, this.xOf(r.episodes[0]));
    return 10 ** Math.floor(Math.log10(Number.isFinite(first) && first > 0 ? first : 1));
  }

  /** The x at a fraction of the axis's width, on a linear or a log axis. */
  xAtFraction(f, xMin, xMax) {
    return this.logX ? 10 ** (Math.log10(xMin) + f * (Math.log10(xMax) - Math.log10(xMin))) : xMin + f * (xMax - xMin);
  }

  showReadout(ctx, box, sx, xMin, xMax) {
    if (this.hover === undefined || this.hover < box.left || this.hover > box.left + box.width) {
      this.readout.textContent = "Point at the curves to read them.";
      return;
    }
    const x = this.xAtFraction((this.hover - box.left) / box.width, xMin, xMax);
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
