/**
 * Signal records (bindings/training/signals.ts) as curves: one point per signal, line (a run, or a
 * run's layer) and step, the shape `signalsSvg` (coagent/plot) draws. Apart from signals.ts so
 * that the plotting module needs none of the agent.
 */
import type { SignalRecord } from "./signals.js";

/** One point of a signal's curve: which signal, which line (run and layer), where, and the value. */
export interface SignalPoint {
  signal: string;
  series: string;
  step: number;
  value: number;
}

/** A record to draw: a `SignalRecord`, with the run's seed, algorithm and environment step when it comes from `train`. */
export type PlottableSignalRecord = SignalRecord & { seed?: number; algorithm?: string; step?: number };

/** The records of one or more runs (as `train --log-signals` writes them) as the points of one curve per signal, run and layer. */
export function signalPoints(records: readonly PlottableSignalRecord[]): SignalPoint[] {
  const points: SignalPoint[] = [];
  for (const r of records) {
    const run = r.algorithm === undefined ? "run" : `${r.algorithm} seed ${r.seed ?? 0}`;
    const step = r.step ?? r.iteration;
    const add = (signal: string, series: string, value: number | undefined) => {
      if (value !== undefined && Number.isFinite(value)) points.push({ signal, series, step, value });
    };
    add("TD error", run, r.tdError);
    add("policy entropy (nats)", run, r.entropy);
    add("settling: final energy", run, r.settling?.energy);
    for (const net of ["actor", "critic"] as const) {
      (r[net] ?? []).forEach((layer, l) => {
        const series = `${run}, layer ${l}`;
        add(`${net}: mean |eligibility|`, series, layer.eligibility);
        add(`${net}: saturated fraction`, series, layer.saturated);
        add(`${net}: weight norm`, series, layer.weightNorm);
        add(`${net}: unit reward, mean`, series, layer.unitReward?.mean);
        add(`${net}: unit reward, std`, series, layer.unitReward?.std);
      });
    }
  }
  return points;
}
