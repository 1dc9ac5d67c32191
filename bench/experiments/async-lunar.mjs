// Asynchronous MAP propagation's variants on LunarLander-v2, on tuning seeds (never 0–9), float64,
// legacy env seeding (as the committed table). One JSON line per run on stdout:
//   node bench/experiments/async-lunar.mjs --variants base,last,advantage,n10,n40 --seeds 100,101 --episodes 500
// Variants: base (the documented rule), last (traces after each phase's last sweep only),
// advantage (critic eligibilities × (V − μ)), nK (K sweeps per phase), rX (settling rate X),
// the notebook's: notebook (traces after the clamped phase's last sweep only), fK (critic gate
// floor K·σ_V), onehot (a changed action counts 2 in the output's momentum); combinations with "+".
import { parseArgs } from "node:util";
import { loadCore, mean, train } from "../../dist/index.js";

await loadCore({ precision: "float64" });

const { values } = parseArgs({ options: { variants: { type: "string", default: "base" }, seeds: { type: "string", default: "100,101" }, episodes: { type: "string", default: "500" } } });
const settings = (name) => {
  /** @type {Partial<import("../../dist/index.js").Hyperparameters>} */
  const h = {};
  for (const part of name.split("+")) {
    if (part === "base") continue;
    else if (part === "last") h.asyncTraces = "last";
    else if (part === "advantage") h.asyncCriticFactor = "advantage";
    else if (/^n\d+$/.test(part)) h.settleSteps = Number(part.slice(1));
    else if (/^r[\d.]+$/.test(part)) h.settleRate = Number(part.slice(1));
    else if (part === "notebook") h.asyncTraces = "notebook";
    else if (/^f[\d.]+(e-?\d+)?$/.test(part)) h.asyncGateFloor = Number(part.slice(1));
    else if (part === "onehot") h.asyncOutputMomentum = "one-hot";
    else throw new Error(`unknown variant part "${part}"`);
  }
  return h;
};
const episodes = Number(values.episodes);
for (const variant of values.variants.split(",")) {
  for (const seed of values.seeds.split(",").map(Number)) {
    const run = train({ env: "LunarLander-v2", algorithm: "async-map-prop", episodes, seed, precision: "float64", envSeeding: "legacy", hyperparameters: settings(variant) });
    const r = run.episodeReturns;
    console.log(JSON.stringify({ variant, seed, episodes, mean: +mean(r).toFixed(2), last100: +mean(r.slice(-100)).toFixed(2), steps: run.steps, seconds: +run.wallSeconds.toFixed(1) }));
  }
}
