/**
 * A rule's settings as an agent checkpoint records them. Since format version 3 the metadata holds
 * only the settings the run takes (`settingsOf`: the rule's declarations, or those of the parts an
 * ablation axis swapped in), by name, in their declaration order, and none it does not take; reading one back, a setting the file does not hold takes its
 * declared default — a setting added to the rule after the file was written loads with the value
 * that reproduces the behaviour from before it existed. Versions 1 and 2 recorded the rule's full
 * bag (every setting of `bagOrder`, the unused ones included), which loads as it was.
 */
import { CheckpointError } from "../core/checkpoint.js";
import { describe, didYouMean } from "../errors.js";
import type { Hyperparameters } from "./hyperparameters.js";
import type { RuleName } from "./index.js";
import { settingsOf } from "./algorithms.js";
import { absentByDefault, type Setting, type SettingValue } from "./setting.js";

/** The settings of `h` that a run of `algorithm` with h's axes takes, by name, in declaration order; absent variants stay absent. */
export function settingsToStore(algorithm: RuleName, h: Hyperparameters): Record<string, SettingValue> {
  const values = h as unknown as Record<string, SettingValue | undefined>;
  const stored: Record<string, SettingValue> = {};
  for (const { name } of settingsOf(algorithm, h)) if (values[name] !== undefined) stored[name] = values[name];
  return stored;
}

/** A setting a checkpoint may leave out: one absent by default, or one whose declaration has a default. */
function optional(setting: Setting): boolean {
  return absentByDefault(setting) || ("default" in setting && setting.default !== undefined);
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
  const values: Record<string, unknown> = { ...stored };
  // The axes the file records decide which settings the run takes (settingsOf reads them from the bag).
  const settings = settingsOf(algorithm, values as Partial<Hyperparameters>);
  const names = settings.map((s) => s.name);
  if (version >= 3) {
    const foreign = Object.keys(values).find((name) => !names.includes(name));
    if (foreign !== undefined) {
      throw new CheckpointError(`the checkpoint records hyperparameters.${foreign}, which ${algorithm} does not take${didYouMean(foreign, names)} (it takes: ${names.join(", ")})`);
    }
  }
  for (const setting of settings) {
    if (Object.hasOwn(values, setting.name)) continue;
    if (!optional(setting)) throw new CheckpointError(`the checkpoint lacks hyperparameters.${setting.name}, which ${algorithm} takes and which has no default`);
    if (!absentByDefault(setting)) values[setting.name] = structuredClone((setting as { default: unknown }).default);
  }
  return values as Partial<Hyperparameters>;
}
