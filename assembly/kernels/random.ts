// xoshiro128** with splitmix32 seeding: the same generator as bindings/core/random.ts, so the
// Wasm core and the TypeScript code can replay one another's streams. A stream is four
// u32 words in linear memory, owned by one network.
import { Float, FLOAT_SHIFT } from "../simd/precision";

// @ts-ignore: decorator
@inline function rotl(x: u32, k: u32): u32 {
  return (x << k) | (x >>> (32 - k));
}

export function seedStream(state: usize, seed: u32): void {
  let x = seed;
  for (let k = 0; k < 4; k++) {
    x += 0x9e3779b9;
    let z = x;
    z = (z ^ (z >>> 16)) * 0x85ebca6b;
    z = (z ^ (z >>> 13)) * 0xc2b2ae35;
    store<u32>(state + (<usize>k << 2), z ^ (z >>> 16));
  }
}

export function nextUint32(state: usize): u32 {
  return advance(state, 0, 1, false);
}

/** Uniform in [0, 1) with 24 bits, exactly representable in f32. */
// @ts-ignore: decorator
@inline export function uniform(state: usize): f32 {
  return <f32>(nextUint32(state) >>> 8) * 5.9604644775390625e-8;
}

/**
 * Writes the next n uniforms of the stream to dst (as Floats), the numbers `uniform` would give.
 * The state stays in locals for the whole run: draw after draw through memory, each would wait
 * for the previous one's stores. (Standard normals are made from pairs of these by simdmath.ts
 * boxMullerv.)
 */
export function drawUniforms(state: usize, dst: usize, n: i32): void {
  advance(state, dst, n, true);
}

/**
 * The generator itself: n steps of xoshiro128** with the state in locals, written back once.
 * Returns the last step's output; with `uniforms`, also writes each step's uniform to dst.
 * Inlined into both callers, so each carries only its own branch.
 */
// @ts-ignore: decorator
@inline function advance(state: usize, dst: usize, n: i32, uniforms: bool): u32 {
  let s0 = load<u32>(state, 0);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  let result: u32 = 0;
  for (let k = 0; k < n; k++) {
    result = rotl(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    if (uniforms) store<Float>(dst + (<usize>k << FLOAT_SHIFT), <Float>(<f32>(result >>> 8) * <f32>5.9604644775390625e-8));
  }
  store<u32>(state, s0, 0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return result;
}
