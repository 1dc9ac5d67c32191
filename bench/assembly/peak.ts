// The machine's sustained SIMD multiply-add rate, for the benchmarks' "fraction of peak":
// 12 independent accumulator chains hide the instruction latency, so the loop runs at the
// throughput of the multiply and add units. Float32 and float64 variants (4 and 2 lanes).

export function peak32(iterations: i32): f32 {
  const m = f32x4.splat(0.999999);
  const a = f32x4.splat(1e-7);
  let x0 = f32x4.splat(1);
  let x1 = f32x4.splat(2);
  let x2 = f32x4.splat(3);
  let x3 = f32x4.splat(4);
  let x4 = f32x4.splat(5);
  let x5 = f32x4.splat(6);
  let x6 = f32x4.splat(7);
  let x7 = f32x4.splat(8);
  let x8 = f32x4.splat(9);
  let x9 = f32x4.splat(10);
  let x10 = f32x4.splat(11);
  let x11 = f32x4.splat(12);
  for (let i = 0; i < iterations; i++) {
    x0 = f32x4.add(f32x4.mul(x0, m), a);
    x1 = f32x4.add(f32x4.mul(x1, m), a);
    x2 = f32x4.add(f32x4.mul(x2, m), a);
    x3 = f32x4.add(f32x4.mul(x3, m), a);
    x4 = f32x4.add(f32x4.mul(x4, m), a);
    x5 = f32x4.add(f32x4.mul(x5, m), a);
    x6 = f32x4.add(f32x4.mul(x6, m), a);
    x7 = f32x4.add(f32x4.mul(x7, m), a);
    x8 = f32x4.add(f32x4.mul(x8, m), a);
    x9 = f32x4.add(f32x4.mul(x9, m), a);
    x10 = f32x4.add(f32x4.mul(x10, m), a);
    x11 = f32x4.add(f32x4.mul(x11, m), a);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(f32x4.add(x0, x1), f32x4.add(x2, x3)), f32x4.add(f32x4.add(x4, x5), f32x4.add(x6, x7))), f32x4.add(f32x4.add(x8, x9), f32x4.add(x10, x11)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

export function peak64(iterations: i32): f64 {
  const m = f64x2.splat(0.999999);
  const a = f64x2.splat(1e-7);
  let x0 = f64x2.splat(1);
  let x1 = f64x2.splat(2);
  let x2 = f64x2.splat(3);
  let x3 = f64x2.splat(4);
  let x4 = f64x2.splat(5);
  let x5 = f64x2.splat(6);
  let x6 = f64x2.splat(7);
  let x7 = f64x2.splat(8);
  let x8 = f64x2.splat(9);
  let x9 = f64x2.splat(10);
  let x10 = f64x2.splat(11);
  let x11 = f64x2.splat(12);
  for (let i = 0; i < iterations; i++) {
    x0 = f64x2.add(f64x2.mul(x0, m), a);
    x1 = f64x2.add(f64x2.mul(x1, m), a);
    x2 = f64x2.add(f64x2.mul(x2, m), a);
    x3 = f64x2.add(f64x2.mul(x3, m), a);
    x4 = f64x2.add(f64x2.mul(x4, m), a);
    x5 = f64x2.add(f64x2.mul(x5, m), a);
    x6 = f64x2.add(f64x2.mul(x6, m), a);
    x7 = f64x2.add(f64x2.mul(x7, m), a);
    x8 = f64x2.add(f64x2.mul(x8, m), a);
    x9 = f64x2.add(f64x2.mul(x9, m), a);
    x10 = f64x2.add(f64x2.mul(x10, m), a);
    x11 = f64x2.add(f64x2.mul(x11, m), a);
  }
  const s = f64x2.add(f64x2.add(f64x2.add(f64x2.add(x0, x1), f64x2.add(x2, x3)), f64x2.add(f64x2.add(x4, x5), f64x2.add(x6, x7))), f64x2.add(f64x2.add(x8, x9), f64x2.add(x10, x11)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
