import * as math from "./portable-math.js";

/**
 * xoshiro128** — the same generator as `assembly/kernels/random.ts`, so that the Wasm core and
 * TypeScript code can replay one another's random streams. Seeds are expanded with
 * splitmix32 so that nearby seeds give unrelated streams.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed`. */
  seed(seed: number): void {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The full generator state, e.g. for checkpoints. */
  get state(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }
  set state(s: [number, number, number, number]) {
    [this.s0, this.s1, this.s2, this.s3] = s.map((v) => v >>> 0) as [number, number, number, number];
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits: exactly the Wasm core's float32 draw. */
  uniform24(): number {
    return (this.nextUint32() >>> 8) * 5.9604644775390625e-8;
  }

  /** Uniform in [0, 1) with 53 random bits (two draws), for environments. */
  uniform(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal (Box–Muller on two 53-bit uniforms; the second variate is discarded). */
  normal(): number {
    const u = 1 - this.uniform(); // in (0, 1], so the logarithm is finite
    return Math.sqrt(-2 * math.log(u)) * math.cos(2 * Math.PI * this.uniform()); // the library's log and cos: the same in every engine
  }

  /** Uniform in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
