/**
 * numpy's `SeedSequence` (numpy/random/bit_generator.pyx), for integer entropy and no spawn key:
 * the integer is cut into 32-bit words, hashed into a pool of four words, and `generateState`
 * hashes the pool into as many words as a bit generator needs. Reproduced word for word so that
 * `new SeedSequence(seed)` feeds PCG64 exactly the state `np.random.SeedSequence(seed)` does
 * (checked against numpy in test/envs/seeding.test.ts).
 */
import { ValueError, describe } from "../../errors.js";

const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

/** An integer seed as numpy coerces it: 32-bit words, least significant first; 0 is one word. */
export function entropyWords(entropy: number | bigint): number[] {
  const valid = typeof entropy === "bigint" ? entropy >= 0n : typeof entropy === "number" && Number.isSafeInteger(entropy) && entropy >= 0;
  if (!valid) throw new ValueError(`entropy must be a non-negative integer (a safe-integer number or a bigint); got ${describe(entropy)}`);
  let n = BigInt(entropy);
  if (n === 0n) return [0];
  const words: number[] = [];
  for (; n > 0n; n >>= 32n) words.push(Number(n & 0xffffffffn));
  return words;
}

export class SeedSequence {
  /** The mixed pool of four 32-bit words. */
  readonly pool: Uint32Array;

  constructor(entropy: number | bigint) {
    const words = entropyWords(entropy);
    const pool = new Uint32Array(POOL_SIZE);
    const hash = new HashMix(INIT_A);
    // Short entropy is padded with zeros; every word then mixes into every other one...
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = hash.next(i < words.length ? words[i] : 0);
    for (let src = 0; src < POOL_SIZE; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hash.next(pool[src]));
    }
    // ...and entropy longer than the pool is folded into all of it.
    for (let src = POOL_SIZE; src < words.length; src++) {
      for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hash.next(words[src]));
    }
    this.pool = pool;
  }

  /** `generate_state(n, np.uint32)`: n words cycling over the pool, each hashed. */
  generateState(words: number): Uint32Array {
    const state = new Uint32Array(words);
    let hashConst = INIT_B;
    for (let i = 0; i < words; i++) {
      let value = (this.pool[i % POOL_SIZE] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      value = Math.imul(value, hashConst) >>> 0;
      state[i] = (value ^ (value >>> XSHIFT)) >>> 0;
    }
    return state;
  }
}

/** numpy's `hashmix`: a multiplicative hash whose constant advances at every use. */
class HashMix {
  constructor(private constant: number) {}

  next(value: number): number {
    value = (value ^ this.constant) >>> 0;
    this.constant = Math.imul(this.constant, MULT_A) >>> 0;
    value = Math.imul(value, this.constant) >>> 0;
    return (value ^ (value >>> XSHIFT)) >>> 0;
  }
}

function mix(x: number, y: number): number {
  const result = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (result ^ (result >>> XSHIFT)) >>> 0;
}
