// @ts-check
// The diagnostic's own seeded stream (xoshiro128**), so its states, weights and samples are the
// same on every run and machine. It does not reproduce the core's stream (assembly/kernels/random.ts):
// the diagnostic compares rules on shared samples, never against a training run.

/** A seeded generator of uniforms in (0, 1) and standard normals. */
export class Stream {
  /** @param {number} seed */
  constructor(seed) {
    // splitmix32 expands the seed into the four words of state (never all zero).
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s = new Uint32Array([next(), next(), next(), next() | 1]);
  }

  /** A uniform strictly inside (0, 1), 32 bits of resolution. */
  uniform() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return (result + 0.5) / 4294967296;
  }

  /** A standard normal (Box–Muller). */
  normal() {
    return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
  }
}

/** @param {number} x @param {number} k */
function rotl(x, k) {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
