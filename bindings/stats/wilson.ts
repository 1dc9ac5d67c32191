/**
 * Rates of success (runs that solved the task) with Wilson's score interval, which unlike the
 * normal ("Wald") interval stays inside [0, 1] and keeps its coverage at 0/n and n/n — the
 * usual case for a handful of seeds.
 */
import { ConfigurationError } from "../errors.js";

/** The 97.5 % quantile of the standard normal: a 95 % two-sided interval. */
const Z95 = 1.959963984540054;

/** A proportion k/n with its 95 % Wilson score interval. */
export interface Rate {
  successes: number;
  trials: number;
  rate: number;
  interval: [number, number];
}

/** k of n, with the 95 % Wilson score interval (as SciPy's `binomtest(k, n).proportion_ci(method="wilson")`). */
export function wilsonInterval(successes: number, trials: number): Rate {
  if (!Number.isInteger(trials) || trials < 1) throw new ConfigurationError(`trials must be a positive integer; got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) throw new ConfigurationError(`successes must be an integer in [0, ${trials}]; got ${successes}`);
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At 0/n and n/n the bound is exactly 0 or 1; the formula would round it to ±1e-17.
  return { successes, trials, rate: p, interval: [successes === 0 ? 0 : centre - half, successes === trials ? 1 : centre + half] };
}

/** The fraction of `values` at or above `threshold`, with its Wilson interval. */
export function rateAtLeast(values: ArrayLike<number>, threshold: number): Rate {
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] >= threshold) k++;
  return wilsonInterval(k, values.length);
}
