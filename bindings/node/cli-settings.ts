/**
 * Settings from the shell: `--set name=value` (repeatable) and `--config file.json`, for every
 * command that trains. Both are checked against the rules' declarations (bindings/rules/) before
 * any work: an unknown name or a bad value is one line naming the setting, what it expects and
 * the nearest name.
 *
 * A config file is a JSON object of the command's options under their long names (`"episodes":
 * 200`, `"env-seeding"` or `"envSeeding"`, `"quiet": true`, lists as arrays) and the rules'
 * settings under `"settings"`. Options on the command line override the file's, and `--set`
 * overrides the file's settings. The JSON `train --out` writes is such a file (its `runs`,
 * `config` and `coagent` fields are what the run gave and are skipped), so a run file alone
 * repeats its run; so is a grid's run file (`budget`, `hyperparameters`), for one seed.
 */
import { readFileSync } from "node:fs";
import { describe, didYouMean } from "../errors.js";
import { declaredSettings, unknownSettingMessage, type Setting } from "../rules/algorithms.js";
import { resolvedSettings, type SettingOverrides } from "../rules/overrides.js";
import { expectedOf } from "../rules/setting.js";
import { UsageError } from "./cli-options.js";
import { systemErrorReason } from "./files.js";

/** Fields of a run file that record what the run gave, not how to run it: a config skips them. */
const recordFields = ["runs", "config", "coagent", "returns", "average", "steps", "wallSeconds", "error"];

/** Settings that are options of their own on the command line. */
const ownOptions: Readonly<Record<string, string>> = { episodes: "--episodes", hidden: "--hidden" };

/** "env-seeding" for "envSeeding" or "env-seeding". */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Finds `--config <file>` in `args` and returns the arguments with the file's options in front
 * (so the command line's own win: for an option given twice, the last one counts) and the file's
 * settings. `options` is the command's option table (node:util parseArgs').
 */
export function withConfigFile(args: readonly string[], options: Readonly<Record<string, { type: string; multiple?: boolean }>>): { args: string[]; settings: SettingOverrides } {
  const rest: string[] = [];
  let path: string | undefined;
  for (let k = 0; k < args.length; k++) {
    if (args[k] === "--config") {
      if (k + 1 >= args.length) throw new UsageError("--config needs a JSON file");
      path = args[++k];
    } else if (args[k].startsWith("--config=")) path = args[k].slice("--config=".length);
    else rest.push(args[k]);
  }
  if (path === undefined) return { args: rest, settings: {} };
  const file = readConfig(path);
  const prefix: string[] = [];
  for (const [key, value] of Object.entries(file)) {
    if (key === "settings" || key === "hyperparameters" || recordFields.includes(key)) continue;
    const name = kebab(key);
    const option = options[name];
    if (!option || name === "config" || name === "help" || name === "set") {
      const accepted = Object.keys(options).filter((o) => !["config", "help", "set"].includes(o));
      throw new UsageError(`--config ${path}: unknown option ${JSON.stringify(key)}${didYouMean(name, accepted)}; a config holds the command's options (${accepted.join(", ")}) and "settings"`);
    }
    if (option.type === "boolean") {
      if (typeof value !== "boolean") throw new UsageError(`--config ${path}: "${key}" must be true or false; got ${describe(value)}`);
      if (value) prefix.push(`--${name}`);
    } else if (option.multiple && Array.isArray(value) && value.every((v) => typeof v === "string")) {
      // A repeatable option (sweep's "grid": ["gamma=0.9,0.99", "lambda=0,0.5"]): one per entry.
      for (const entry of value) prefix.push(`--${name}=${entry}`);
    } else {
      const text = Array.isArray(value) ? value.join(",") : typeof value === "number" || typeof value === "string" ? String(value) : undefined;
      if (text === undefined) throw new UsageError(`--config ${path}: "${key}" must be a string, a number or a list; got ${describe(value)}`);
      prefix.push(`--${name}=${text}`);
    }
  }
  const settings = file.settings ?? file.hyperparameters ?? {};
  if (typeof settings !== "object" || settings === null || Array.isArray(settings)) throw new UsageError(`--config ${path}: "settings" must be an object of settings by name; got ${describe(settings)}`);
  return { args: [...prefix, ...rest], settings: settings as SettingOverrides };
}

/**
 * A config file's object. A run file of several algorithms (an array from `train --out`) is one
 * config whose `algorithm` lists them all, when the entries agree on everything else.
 */
function readConfig(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `is not JSON (${error.message})` : `cannot be read: ${systemErrorReason(error)}`;
    throw new UsageError(`--config ${path} ${reason}`);
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  if (entries.length === 0 || !entries.every((e) => typeof e === "object" && e !== null && !Array.isArray(e))) {
    throw new UsageError(`--config ${path} must hold a JSON object of options (or the array train --out writes for several algorithms)`);
  }
  const options = entries.map((entry) => fromGridRecord(Object.fromEntries(Object.entries(entry as object).filter(([key]) => !recordFields.includes(key)))));
  const { algorithm: _, ...first } = options[0];
  for (const other of options.slice(1)) {
    const { algorithm: __, ...rest } = other;
    if (JSON.stringify(rest) !== JSON.stringify(first)) throw new UsageError(`--config ${path}: its entries differ in more than the algorithm; give one entry`);
  }
  return entries.length === 1 ? options[0] : { ...options[0], algorithm: options.map((o) => o.algorithm).join(",") };
}

/** A grid's run file (runs/<task>/<algorithm>/seed-n.json) as train's options for its one seed. */
function fromGridRecord(entry: Record<string, unknown>): Record<string, unknown> {
  if (!("budget" in entry)) return entry;
  const { budget, hyperparameters, env, ...rest } = entry;
  const unit = typeof env === "string" && ["Multiplexer", "Regression"].includes(env) ? "samples" : "episodes";
  return { env, ...rest, [unit]: budget, ...(hyperparameters ? { settings: hyperparameters } : {}) };
}

/** Parses `--set` texts ("gamma=0.9", "actorLearningRate.start=1e-2,1e-5,1e-6") over `base`, the config file's settings. */
export function parseSetOptions(texts: readonly string[], base: SettingOverrides = {}): SettingOverrides {
  for (const name of Object.keys(base)) {
    if (Object.hasOwn(ownOptions, name)) throw new UsageError(`--config: settings.${name} is an option of its own; give "${name}" beside "settings"`);
    if (!declaredSettings.has(name)) throw new UsageError(`--config: settings: ${unknownSettingMessage(name)}`);
  }
  const overrides: SettingOverrides = structuredClone(base);
  for (const text of texts) {
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError(`--set must be name=value, e.g. --set gamma=0.9; got ${JSON.stringify(text)}`);
    const [path, value] = [text.slice(0, eq).trim(), text.slice(eq + 1).trim()];
    const [name, part, extra] = path.split(".");
    if (Object.hasOwn(ownOptions, name)) throw new UsageError(`--set ${name}: ${name} is an option of its own; use ${ownOptions[name]}`);
    const declared = declaredSettings.get(name);
    if (!declared) throw new UsageError(`--set ${path}: ${unknownSettingMessage(name)}`);
    const setting = declared.setting;
    if (part !== undefined && (setting.kind !== "schedule" || (part !== "start" && part !== "end") || extra !== undefined)) {
      throw new UsageError(`--set ${path}: ${setting.kind === "schedule" ? `${name} has parts .start and .end` : `${name} has no parts`}${setting.kind === "schedule" ? didYouMean(part, ["start", "end"]) : ""}`);
    }
    const parsed = parseValue(setting, value, path);
    if (setting.kind !== "schedule") overrides[name] = parsed;
    else if (part === undefined) overrides[name] = { start: parsed, end: [...(parsed as number[])] };
    else overrides[name] = { ...(overrides[name] as object | undefined), [part]: parsed };
  }
  return overrides;
}

/** The value of `text` for `setting` (numbers, `a,b,c` lists, words, true/false), or a UsageError saying what it expects. */
function parseValue(setting: Setting, text: string, path: string): unknown {
  const bad = (): never => {
    throw new UsageError(`--set ${path}=${text}: ${setting.name}${setting.kind === "schedule" ? ` (or .start/.end)` : ""} must be ${expectedOf(setting)}`);
  };
  const number = (part: string) => {
    const value = part.trim() === "" ? NaN : Number(part);
    return Number.isFinite(value) ? value : bad();
  };
  switch (setting.kind) {
    case "number":
    case "integer":
      return number(text);
    case "per-layer":
    case "schedule":
    case "layer-sizes":
      return text.split(",").map(number);
    case "enum":
      if (!setting.values.includes(text)) throw new UsageError(`--set ${path}: ${setting.name} must be ${expectedOf(setting)}; got ${JSON.stringify(text)}${didYouMean(text, setting.values)}`);
      return text;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : bad();
  }
}

/**
 * Checks `overrides` for every variant ("weight-max", "weight-max@gaussian") on task `envId` with
 * `hidden` layers as the agent will: each setting must be one the rule takes and the merged values
 * valid. Throws one line naming the setting (and the variant when there are several).
 */
export function checkOverrides(overrides: SettingOverrides, variants: readonly string[], envId: string, hidden?: number[]): void {
  for (const variant of variants) {
    try {
      resolvedSettings(variant, envId, overrides, hidden);
    } catch (error) {
      const message = (error as Error).message.replace(/^hyperparameters\./, "").replace(/^unknown hyperparameter /, "unknown setting ");
      throw new UsageError(`--set ${message}${variants.length > 1 && !message.includes(variant) ? ` (for ${variant})` : ""}`);
    }
  }
}
