// assembly/random.ts: xoshiro128** seeded by splitmix32. A stream is four u32 words in the
// heap (so the bindings can read and restore it), addressed here by word index.

export function seedStream(words: Uint32Array, at: number, seed: number): void {
  let x = seed >>> 0;
  for (let k = 0; k < 4; k++) {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    words[at + k] = z ^ (z >>> 16);
  }
}

export function nextUint32(words: Uint32Array, at: number): number {
  let s0 = words[at];
  let s1 = words[at + 1];
  let s2 = words[at + 2];
  let s3 = words[at + 3];
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 11) | (s3 >>> 21);
  words[at] = s0;
  words[at + 1] = s1;
  words[at + 2] = s2;
  words[at + 3] = s3;
  return result;
}

/** Uniform in [0, 1) with 24 bits: exactly representable in float32, so the same in both builds. */
export function uniform(words: Uint32Array, at: number): number {
  return (nextUint32(words, at) >>> 8) * 5.9604644775390625e-8;
}
