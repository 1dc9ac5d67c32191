/**
 * What a hyper-parameter is: its name, its type and the values it accepts, its default and one line
 * of documentation. A setting is declared once — those every rule takes in ./shared-settings.ts,
 * the others in the file of the rule that introduced them — and each rule lists the settings it
 * accepts (`LearningRule.settings`). The API, the CLI's `--set` and the docs' table all read
 * these declarations; nothing else knows a setting's range.
 */
import { describe } from "../errors.js";

/** Bounds of a number: `min`/`max` inclusive unless the `…Exclusive` flag says otherwise. */
export interface Bounds {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

interface Common {
  /** The key of `Hyperparameters` and of `--set name=value`. */
  readonly name: string;
  /** One line: what it does (the docs' table and `--help` show it). */
  readonly doc: string;
  /** Which rules take it, when not every rule does ("rules with MAP propagation's critic"). */
  readonly appliesTo?: string;
  /**
   * The parts of a rule (./axes.ts) that read it: a run takes the setting when this holds for its
   * parts. Every setting but the shared ones says it, beside its declaration, so that a rule's
   * settings follow its parts when an ablation axis swaps one.
   */
  readonly usedWhen?: (parts: RulePartsView) => boolean;
  /**
   * Another setting whose value decides whether this one is read (asyncGateFloor floors the gate
   * of asyncCriticFactor "gate" only): giving this one beside another value of that one is refused.
   */
  readonly readWith?: { readonly setting: string; readonly values: readonly unknown[] };
}

/**
 * A rule's parts as a setting's `usedWhen` sees them (./axes.ts RuleParts, written out here so
 * that the declarations need not import the module that reads them).
 */
export interface RulePartsView {
  readonly settling: string;
  readonly critic: string;
  readonly actorUpdate: string;
  readonly traces: string;
  readonly asynchronous: boolean;
}

/** A setting's type and what it accepts. */
export type Setting = Common & (
  /**
   * A finite number within bounds. With `absent` the setting is optional: left out (undefined)
   * it means the value or behaviour `absent` names, and checkpoints and results record it only when given.
   */
  | { readonly kind: "number"; readonly bounds: Bounds; readonly default?: number; readonly unused?: number; readonly absent?: number | string }
  /** An integer within bounds; with `absent`, it may be left out, meaning the behaviour `absent` names. */
  | { readonly kind: "integer"; readonly bounds: Bounds; readonly default?: number; readonly unused?: number; readonly absent?: string }
  /** Per-layer numbers ([first hidden, later hidden, output] or one per layer), each within bounds. */
  | { readonly kind: "per-layer"; readonly bounds: Bounds; readonly default?: number[]; readonly unused?: number[] }
  /** A per-layer learning rate annealed linearly: `{ start, end }`, both per-layer numbers within bounds. */
  | { readonly kind: "schedule"; readonly bounds: Bounds; readonly default?: { start: number[]; end: number[] } }
  /** Hidden layer sizes: 1 to `maxLayers` integers in [1, `maxSize`]. */
  | { readonly kind: "layer-sizes"; readonly maxLayers: number; readonly maxSize: number; readonly default: number[] }
  /** One of a few words; absent (undefined) means the behaviour `absent` names. */
  | { readonly kind: "enum"; readonly values: readonly string[]; readonly absent: string }
  /** true or false. */
  | { readonly kind: "boolean"; readonly default?: boolean; readonly unused?: boolean }
);

/** A value a setting may hold. */
export type SettingValue = number | boolean | string | number[] | { start: number[]; end: number[] };

/** "a number in [0, 1]", "a finite number > 0", … */
export function describeBounds(bounds: Bounds, integer = false): string {
  const { min, max, minExclusive, maxExclusive } = bounds;
  const what = integer ? "an integer" : "a finite number";
  if (min !== undefined && max !== undefined) {
    return `${integer ? "an integer" : "a number"} in ${minExclusive ? "(" : "["}${min}, ${max}${maxExclusive ? ")" : "]"}`;
  }
  if (min !== undefined) return `${what} ${minExclusive ? ">" : ">="} ${min}`;
  if (max !== undefined) return `${what} ${maxExclusive ? "<" : "<="} ${max}`;
  return what;
}

function withinBounds(value: unknown, bounds: Bounds, integer: boolean): boolean {
  if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) return false;
  const { min, max, minExclusive, maxExclusive } = bounds;
  if (min !== undefined && (minExclusive ? !(value > min) : !(value >= min))) return false;
  if (max !== undefined && (maxExclusive ? !(value < max) : !(value <= max))) return false;
  return true;
}

/** What `setting` expects, as the end of "X must be …". */
export function expectedOf(setting: Setting, hiddenLayers = 2): string {
  switch (setting.kind) {
    case "number": return describeBounds(setting.bounds);
    case "integer": return describeBounds(setting.bounds, true);
    case "per-layer": return `${perLayerShape(hiddenLayers)}, each ${describeBounds(setting.bounds)}`;
    case "schedule": return `{ start, end }, each ${perLayerShape(hiddenLayers)}, each ${describeBounds(setting.bounds)}`;
    case "layer-sizes": return `an array of 1 to ${setting.maxLayers} layer sizes, each an integer in [1, ${setting.maxSize}]`;
    case "enum": return setting.values.map((v) => JSON.stringify(v)).join(" or ");
    case "boolean": return "true or false";
  }
}

function perLayerShape(hiddenLayers: number): string {
  return `3 numbers [first hidden layer, later hidden layers, output] or one per layer ` +
    `(${hiddenLayers + 1} for ${hiddenLayers} hidden layer${hiddenLayers === 1 ? "" : "s"} and the output)`;
}

/**
 * Why `value` is not a valid value of `setting` for a network of `hiddenLayers` hidden layers, as
 * one sentence starting with the setting's name under `prefix` (e.g. "hyperparameters."), or
 * undefined when it is valid.
 */
export function settingProblem(setting: Setting, value: unknown, hiddenLayers: number, prefix = ""): string | undefined {
  const name = `${prefix}${setting.name}`;
  const must = (what: string, got: unknown, where = name) => `${where} must be ${what}; got ${describe(got)}`;
  switch (setting.kind) {
    case "number":
      if (value === undefined && setting.absent !== undefined) return undefined;
      return withinBounds(value, setting.bounds, false) ? undefined : must(expectedOf(setting), value);
    case "integer":
      if (value === undefined && "absent" in setting && setting.absent !== undefined) return undefined;
      return withinBounds(value, setting.bounds, setting.kind === "integer") ? undefined : must(expectedOf(setting), value);
    case "per-layer":
      return perLayerProblem(name, value, setting.bounds, hiddenLayers);
    case "schedule": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return must("{ start: [3 numbers], end: [3 numbers] }", value);
      const rate = value as { start?: unknown; end?: unknown };
      return perLayerProblem(`${name}.start`, rate.start, setting.bounds, hiddenLayers) ?? perLayerProblem(`${name}.end`, rate.end, setting.bounds, hiddenLayers);
    }
    case "layer-sizes": {
      if (!Array.isArray(value) || value.length < 1 || value.length > setting.maxLayers) return must(`an array of 1 to ${setting.maxLayers} layer sizes`, value, setting.name);
      const bad = value.findIndex((size) => !Number.isInteger(size) || size < 1 || size > setting.maxSize);
      return bad < 0 ? undefined : must(`an integer in [1, ${setting.maxSize}]`, value[bad], `${setting.name}[${bad}]`);
    }
    case "enum":
      return value === undefined || setting.values.includes(value as string) ? undefined : must(expectedOf(setting), value);
    case "boolean":
      return typeof value === "boolean" ? undefined : must("true or false", value);
  }
}

function perLayerProblem(name: string, value: unknown, bounds: Bounds, hiddenLayers: number): string | undefined {
  if (!Array.isArray(value) || (value.length !== 3 && value.length !== hiddenLayers + 1)) return `${name} must be ${perLayerShape(hiddenLayers)}; got ${describe(value)}`;
  const bad = value.findIndex((v) => !withinBounds(v, bounds, false));
  return bad < 0 ? undefined : `${name}[${bad}] must be ${describeBounds(bounds)}; got ${describe(value[bad])}`;
}

/** Whether `setting` may be left out (the enum variants and axes, an optional number or integer): it then has no value by default, and checkpoints record it only when given. */
export function absentByDefault(setting: Setting): boolean {
  return "absent" in setting && setting.absent !== undefined;
}

/** The value a rule that does not use `setting` keeps for it (checkpoints record every setting). */
export function unusedValueOf(setting: Setting): SettingValue | undefined {
  return "unused" in setting && setting.unused !== undefined ? setting.unused : "default" in setting ? setting.default : undefined;
}
