/**
 * The learning rules, one file each in this folder; this list is the registry every part of the
 * library reads them from (`algorithms` is their names, in this order).
 */
import { asyncMapProp } from "./async-map-prop.js";
import { backprop } from "./backprop.js";
import { discreteMapProp } from "./discrete-map-prop.js";
import { mapProp } from "./map-prop.js";
import { reinforce } from "./reinforce.js";
import type { LearningRule } from "./rule.js";
import { steBackprop } from "./ste-backprop.js";
import { weightMax } from "./weight-max.js";
import { weightMaxTraces } from "./weight-max-traces.js";

export const rules = [mapProp, asyncMapProp, weightMax, weightMaxTraces, reinforce, backprop, steBackprop, discreteMapProp] as const;

/** The names of a tuple of rules, as a tuple (a mapped type over a type parameter keeps the tuple). */
type Names<T extends readonly { name: string }[]> = { readonly [K in keyof T]: T[K]["name"] };
/** The rules' names, in the registry's order. */
export const ruleNames = rules.map((rule) => rule.name) as unknown as Names<typeof rules>;

/** One of the rules' names. */
export type RuleName = (typeof rules)[number]["name"];

/** The rule named `name` (a name from `rules`; callers validate user input first). */
export function ruleNamed(name: RuleName): LearningRule {
  return rules.find((rule) => rule.name === name)!;
}
