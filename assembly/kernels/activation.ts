import { ActivationCode } from "../../bindings/core/interface";
import { sigmoidv, softplusWithSlope } from "./simdmath";
import { Vec, vmax, vmul, vselect, vsplat, vstore, vsub, vlt } from "../simd/vector";

// Activation functions over a vector of lanes, with the reference implementation's conventions:
// sigmoid saturates to exactly 0/1 for |x| >= 20, softplus(x) = x for x > 30,
// ReLU'(0) = 1, softplus' = sigmoid.


/** f over a vector of lanes at once; f' is written to `slope` (both come from the same exponentials). */
// @ts-ignore: decorator
@inline export function activateWithSlope(kind: i32, x: Vec, slope: usize): Vec {
  if (kind == ActivationCode.softplus) return softplusWithSlope(x, slope);
  if (kind == ActivationCode.relu) {
    vstore(slope, vselect(vsplat(0), vsplat(1), vlt(x, vsplat(0))));
    return vmax(x, vsplat(0));
  }
  if (kind == ActivationCode.logistic) {
    const s = sigmoidv(x);
    vstore(slope, vmul(s, vsub(vsplat(1), s)));
    return s;
  }
  vstore(slope, vsplat(1));
  return x;
}
