/**
 * Typed errors. Every message names the argument, what was given and what was expected, so a
 * user can fix the call without reading the source.
 *
 * Each class spells out its `name` rather than taking its constructor's: a minifier renames
 * classes, and `ConfigurationError: …` must not become `Ht: …` in a minified bundle
 * (test/packaging/error-names.test.ts throws each from dist/browser.js).
 */
export class CoagentError extends Error {
  override name = "CoagentError";
}

/** An option or configuration value that cannot work (unknown name, negative rate, ...). */
export class ConfigurationError extends CoagentError {
  override name = "ConfigurationError";
}

/** An array of the wrong length or layout. */
export class ShapeError extends CoagentError {
  override name = "ShapeError";
}

/** A value outside its domain (NaN, out of the action space, ...). */
export class ValueError extends CoagentError {
  override name = "ValueError";
}

/** An operation that is not valid in the object's current state (used after dispose, ...). */
export class StateError extends CoagentError {
  override name = "StateError";
}

/** A numerically diverging run: names the step, network, layer and quantity that went non-finite. */
export class DivergenceError extends CoagentError {
  override name = "DivergenceError";
  constructor(
    readonly step: number,
    readonly network: string,
    readonly layer: number,
    readonly quantity: string,
  ) {
    super(`Training diverged at step ${step}: ${network} layer ${layer} ${quantity} became non-finite`);
  }
}

export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  return String(value);
}

export function requirePositiveInteger(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new ConfigurationError(`${name} must be a positive integer; got ${describe(value)}`);
  }
  return value;
}

export function requireAtMost(name: string, value: number, limit: number): number {
  if (value > limit) throw new ConfigurationError(`${name} must be at most ${limit}; got ${value}`);
  return value;
}

export function requireNonNegative(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ConfigurationError(`${name} must be a finite number >= 0; got ${describe(value)}`);
  }
  return value;
}

export function requirePositive(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a finite number > 0; got ${describe(value)}`);
  }
  return value;
}

export function requireOneOf<T extends string>(name: string, value: unknown, accepted: readonly T[]): T {
  if (typeof value !== "string" || !accepted.includes(value as T)) {
    throw new ConfigurationError(`${name} must be one of ${accepted.join(", ")}; got ${describe(value)}${didYouMean(value, accepted)}`);
  }
  return value as T;
}

/**
 * ` (did you mean "X"?)` when one accepted name is the given one up to case or a few typos
 * (edit distance at most 2, or a third of its length), otherwise "".
 */
export function didYouMean(value: unknown, accepted: readonly string[]): string {
  if (typeof value !== "string" || value === "") return "";
  const lower = value.toLowerCase();
  const sameCase = accepted.find((a) => a.toLowerCase() === lower);
  let best = sameCase;
  if (best === undefined) {
    let bestDistance = Math.max(2, Math.floor(value.length / 3)) + 1;
    for (const candidate of accepted) {
      const d = editDistance(lower, candidate.toLowerCase());
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
  }
  return best === undefined ? "" : ` (did you mean ${JSON.stringify(best)}?)`;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

export function requireSeed(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new ConfigurationError(`${name} must be an integer in [0, 2^32); got ${describe(value)}`);
  }
  return value;
}
