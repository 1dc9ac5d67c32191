// Error class names survive minification: dist/browser.js is minified, so its classes are
// renamed (`Ht`), and an error that took its name from its constructor printed `Ht: action must
// be 0 or 1`. Each class now spells out its name; this checks the bundle and the sources.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

type Bundle = Record<string, unknown> & {
  makeEnv(id: string, options?: object): { reset(options?: object): unknown; step(action: unknown): unknown };
  Policy: { load(bytes: Uint8Array): unknown };
  Agent: { create(options: object): unknown };
  assertEnv(env: object): unknown;
};
const bundle = async () => (await import(join(root, "dist", "browser.js"))) as Bundle;

const thrown = (action: () => unknown): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
};

/** An exported error class (not, say, the statistics' `standardError` function). */
const isErrorClass = ([key, value]: [string, unknown]) => key.endsWith("Error") && typeof value === "function" && value.prototype instanceof Error;

describe("error names in the minified browser bundle", () => {
  it("the bundle's error classes are renamed by the minifier, so the check below means something", async () => {
    const m = await bundle();
    const classes = Object.entries(m).filter(isErrorClass) as [string, new (...args: never[]) => Error][];
    expect(classes.map(([key]) => key).sort()).toEqual([
      "CheckpointError", "CoagentError", "ConfigurationError", "DivergenceError", "EnvironmentCheckError", "ShapeError", "StateError", "ValueError",
    ]);
    expect(classes.filter(([key, Class]) => Class.name !== key).length).toBeGreaterThan(0);
  });

  it("every exported error class, constructed, carries its own name", async () => {
    const m = await bundle();
    for (const [key, Class] of Object.entries(m).filter(isErrorClass)) {
      const error = new (Class as new (...args: unknown[]) => Error)("x", ["y"], 0, "z");
      expect(error.name, key).toBe(key);
      expect(String(error).startsWith(`${key}: `), key).toBe(true);
    }
  });

  it("errors thrown by the library are named by their class", async () => {
    const m = await bundle();
    const env = m.makeEnv("CartPole-v1", { seed: 0 });
    expect(thrown(() => m.makeEnv("CartPol-v1")).name).toBe("ConfigurationError");
    expect(thrown(() => env.step(0)).name).toBe("StateError");
    env.reset({ seed: 0 });
    expect(thrown(() => env.step(5)).name).toBe("ValueError");
    expect(thrown(() => m.Policy.load(new Uint8Array(3))).name).toBe("CheckpointError");
    expect(thrown(() => m.assertEnv({ id: "broken" })).name).toBe("EnvironmentCheckError");
  });
});

describe("error names in the sources", () => {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith(".ts") ? [path] : [];
  });

  it("every Error subclass in bindings/ declares its name explicitly (CLI and Node-only ones too)", () => {
    const classes = walk(join(root, "bindings")).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      return [...text.matchAll(/class (\w+) extends (\w*Error)\b[^{]*\{/g)].map((match) => ({
        file, name: match[1], declared: text.slice(match.index + match[0].length).match(/^\s*(?:\/\/[^\n]*\n\s*)*override name = "(\w+)";/)?.[1],
      }));
    });
    expect(classes.length).toBeGreaterThanOrEqual(9);
    expect(classes.filter((c) => c.declared !== c.name).map((c) => `${c.file}: ${c.name}`)).toEqual([]);
  });
});
