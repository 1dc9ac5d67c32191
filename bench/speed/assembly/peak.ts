// The machine's sustained SIMD multiply-add rate, for the benchmarks' "fraction of peak":
// 12 independent accumulator chains hide the instruction latency, so the loop runs at the
// throughput of the multiply and add units. Float32 and float64 variants (4 and 2 lanes) are
// one generic loop.

export function peak32(iterations: i32): f32 {
  return peak<f32>(iterations);
}

export function peak64(iterations: i32): f64 {
  return peak<f64>(iterations);
}

// @ts-ignore: decorator
@inline function peak<T>(iterations: i32): T {
  const m = v128.splat<T>(<T>0.999999);
  const a = v128.splat<T>(<T>1e-7);
  let x0 = v128.splat<T>(<T>1);
  let x1 = v128.splat<T>(<T>2);
  let x2 = v128.splat<T>(<T>3);
  let x3 = v128.splat<T>(<T>4);
  let x4 = v128.splat<T>(<T>5);
  let x5 = v128.splat<T>(<T>6);
  let x6 = v128.splat<T>(<T>7);
  let x7 = v128.splat<T>(<T>8);
  let x8 = v128.splat<T>(<T>9);
  let x9 = v128.splat<T>(<T>10);
  let x10 = v128.splat<T>(<T>11);
  let x11 = v128.splat<T>(<T>12);
  for (let i = 0; i < iterations; i++) {
    x0 = v128.add<T>(v128.mul<T>(x0, m), a);
    x1 = v128.add<T>(v128.mul<T>(x1, m), a);
    x2 = v128.add<T>(v128.mul<T>(x2, m), a);
    x3 = v128.add<T>(v128.mul<T>(x3, m), a);
    x4 = v128.add<T>(v128.mul<T>(x4, m), a);
    x5 = v128.add<T>(v128.mul<T>(x5, m), a);
    x6 = v128.add<T>(v128.mul<T>(x6, m), a);
    x7 = v128.add<T>(v128.mul<T>(x7, m), a);
    x8 = v128.add<T>(v128.mul<T>(x8, m), a);
    x9 = v128.add<T>(v128.mul<T>(x9, m), a);
    x10 = v128.add<T>(v128.mul<T>(x10, m), a);
    x11 = v128.add<T>(v128.mul<T>(x11, m), a);
  }
  const s = v128.add<T>(
    v128.add<T>(v128.add<T>(v128.add<T>(x0, x1), v128.add<T>(x2, x3)), v128.add<T>(v128.add<T>(x4, x5), v128.add<T>(x6, x7))),
    v128.add<T>(v128.add<T>(x8, x9), v128.add<T>(x10, x11)),
  );
  // The sum keeps every chain live, so none is optimised away.
  let total = v128.extract_lane<T>(s, 0) + v128.extract_lane<T>(s, 1);
  if (sizeof<T>() == 4) total += v128.extract_lane<T>(s, 2) + v128.extract_lane<T>(s, 3);
  return total;
}
