/**
 * A rule's settings as an agent checkpoint records them. Since format version 3 the metadata holds
 * only the settings the rule declares (`LearningRule.settings`), by name, in the order it declares
 * them, and none it does not take; reading one back, a setting the file does not hold takes its
 * declared default — a setting added to the rule after the file was written loads with the value
 * that reproduces the behaviour from before it existed. Versions 1 and 2 recorded the rule's full
 * bag (every setting of `bagOrder`, the unused ones included), which loads as it was.
 */
import { CheckpointError } from "../core/checkpoint.js";
import { describe, didYouMean } from "../errors.js";
import type { Hyperparameters } from "./hyperparameters.js";
import { ruleNamed, type RuleName } from "./index.js";
import type { Setting, SettingValue } from "./setting.js";

/** The settings of `h` that `algorithm` declares, by name, in its declaration's order; absent variants stay absent. */
export function settingsToStore(algorithm: RuleName, h: Hyperparameters): Record<string, SettingValue> {
  const values = h as unknown as Record<string, SettingValue | undefined>;
  const stored: Record<string, SettingValue> = {};
  for (const { name } of ruleNamed(algorithm).settings) if (values[name] !== undefined) stored[name] = values[name];
  return stored;
}

/** A setting a checkpoint may leave out: a variant absent by default, or one whose declaration has a default. */
function optional(setting: Setting): boolean {
  return setting.kind === "enum" || ("default" in setting && setting.default !== undefined);
}

/**
 * The settings a checkpoint of format `version` recorded for `algorithm`, completed as the agent
 * is rebuilt with them: each setting the rule declares that the file does not hold takes its
 * declared default. A version-3 file that holds a setting the rule does not declare, or lacks
 * one without a default, is a CheckpointError naming it; an older file's bag (every setting, the
 * unused ones included) passes as it was written.
 */
export function storedSettings(algorithm: RuleName, stored: unknown, version: number): Partial<Hyperparameters> {
  if (typeof stored !== "object" || stored === null || Array.isArray(stored)) {
    throw new CheckpointError(`the checkpoint's hyperparameters must be an object of settings by name; got ${describe(stored)}`);
  }
  const rule = ruleNamed(algorithm);
  const names = rule.settings.map((s) => s.name);
  const values: Record<string, unknown> = { ...stored };
  if (version >= 3) {
    const foreign = Object.keys(values).find((name) => !names.includes(name));
    if (foreign !== undefined) {
      throw new CheckpointError(`the checkpoint records hyperparameters.${foreign}, which ${algorithm} does not take${didYouMean(foreign, names)} (it takes: ${names.join(", ")})`);
    }
  }
  for (const setting of rule.settings) {
    if (Object.hasOwn(values, setting.name)) continue;
    if (!optional(setting)) throw new CheckpointError(`the checkpoint lacks hyperparameters.${setting.name}, which ${algorithm} takes and which has no default`);
    if (setting.kind !== "enum") values[setting.name] = structuredClone(setting.default);
  }
  return values as Partial<Hyperparameters>;
}
