// Adam's moments of a parameter whose gradient stays exactly zero (a unit that never fires, a
// saturated one) decay geometrically into the subnormal floats and stick there: 0.9·k ulps
// rounds back to k for k up to 5 (0.999·k: up to about 500). Every vector operation on a subnormal
// lane then takes a microcode assist: on CartPole about a tenth of a Weight Max step after
// 100k steps, growing as more units die. WebAssembly cannot set flush-to-zero, so the moments
// are swept instead.
//
// Setting them to zero moves no weight: a first moment below 2^-126 (float32; 2^-1022 float64)
// makes a step of order lr·2^-126/ε, and a second moment that small has a square root far below
// half an ulp of ε, so √v + ε = ε either way.

import { Float, FLOAT_SHIFT } from "../simd/precision";
import { STEP, vabs, vge, vload, vselect, vsplat, vstore } from "../simd/vector";

/** Steps of a tensor between sweeps; subnormal moments linger at most this long. */
// @ts-ignore: decorator
@inline export const FLUSH_PERIOD: i32 = 1024;

// @ts-ignore: decorator
@inline const MIN_NORMAL: Float = sizeof<Float>() == 4 ? <Float>f32.MIN_NORMAL_VALUE : <Float>f64.MIN_NORMAL_VALUE;

/** Sets the subnormal floats among `count` (a multiple of the lane count) at `start` to zero. */
export function flushSubnormals(start: usize, count: i32): void {
  const smallest = vsplat(MIN_NORMAL);
  const zero = vsplat(0);
  for (let k = 0; k < count; k += STEP) {
    const p = start + (<usize>k << FLOAT_SHIFT);
    const x = vload(p);
    vstore(p, vselect(x, zero, vge(vabs(x), smallest)));
  }
}
