/** The checks every statistic makes of its input before computing anything. */
import { ShapeError, ValueError, describe } from "../errors.js";

/** A sample: finite numbers, at least `minimum` of them. Returns a plain array copy. */
export function requireSample(name: string, values: unknown, minimum = 1): number[] {
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new ShapeError(`${name} must be an array of numbers; got ${describe(values)}`);
  }
  const sample = Array.from(values as ArrayLike<number>);
  if (sample.length < minimum) throw new ShapeError(`${name} must hold at least ${minimum} value${minimum === 1 ? "" : "s"}; got ${sample.length}`);
  const bad = sample.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) throw new ValueError(`${name}[${bad}] must be a finite number; got ${describe(sample[bad])}`);
  return sample;
}
