/**
 * Overrides of a rule's settings as grids and the CLI take them: one set of changes applied to
 * every run of a grid, each checked against the declaration of the rule it reaches, with a
 * learning-rate schedule given by one part (`{ start }`) completed by the rule's other part.
 */
import { axesRecord } from "./axes.js";
import { declaredSettings, defaultHiddenUnits, hyperparametersFor, parseVariant, requireDefinedParts, validateHyperparameters, type Hyperparameters } from "./algorithms.js";

/** Setting overrides by name, as `Agent.create({ hyperparameters })` takes them. */
export type SettingOverrides = Record<string, unknown>;

/** `overrides` for a run of `variant` ("weight-max@gaussian") on `envId`: a schedule's missing part is the rule's own. */
export function overridesFor(overrides: SettingOverrides, variant: string, envId: string): SettingOverrides {
  const { algorithm, units } = parseVariant(variant);
  const defaults = hyperparametersFor(algorithm, envId, units ?? defaultHiddenUnits[algorithm], overrides as Partial<Hyperparameters>) as unknown as Record<string, unknown>;
  const out: SettingOverrides = {};
  for (const [name, value] of Object.entries(overrides)) {
    const partial = declaredSettings.get(name)?.setting.kind === "schedule" && typeof value === "object" && value !== null && !Array.isArray(value);
    out[name] = partial ? { ...(defaults[name] as object), ...value } : value;
  }
  return out;
}

/**
 * The settings a run of `variant` on `envId` uses — the rule's defaults, the overrides, the hidden
 * sizes, and the ablation axes (bindings/rules/axes.ts) by name, as given or the rule's — checked
 * as the agent checks them: a ConfigurationError names an unknown setting (and the nearest), a
 * setting the rule does not take (and the rules that do), a bad value or a combination of
 * ablation axes that is not defined (and why).
 */
export function resolvedSettings(variant: string, envId: string, overrides: SettingOverrides, hidden?: number[]): Hyperparameters {
  const { algorithm, units } = parseVariant(variant);
  const own = overridesFor(overrides, variant, envId);
  const h = { ...hyperparametersFor(algorithm, envId, units ?? defaultHiddenUnits[algorithm], own as Partial<Hyperparameters>), ...own } as Hyperparameters;
  if (hidden !== undefined) h.hidden = hidden;
  validateHyperparameters(h, own, algorithm);
  // Every axis by name, given or the rule's, so that what ran is recorded whole (run files' config).
  return { ...h, ...axesRecord(requireDefinedParts(algorithm, h, units ?? defaultHiddenUnits[algorithm])) } as Hyperparameters;
}
