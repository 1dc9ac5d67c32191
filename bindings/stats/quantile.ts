/** Quantiles by linear interpolation between order statistics (NumPy's default, "type 7"). */
import { ValueError } from "../errors.js";

/** The q-quantile (q in [0, 1]) of values already sorted ascending. */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new ValueError(`q must be in [0, 1]; got ${q}`);
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
}
