// The raw core is wrapped once: only bindings/core/ (Core, Network, AgentCore) touches the raw
// exports, so a change to an export's signature is a change to one folder. Every other module of
// the library goes through those wrappers.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|mjs|js)$/.test(path) ? [path] : [];
  });
}

/** The raw exports, as the Wasm build declares them (RawExports is derived from the same file). */
const exportNames = [...readFileSync(join(root, "build", "core.d.ts"), "utf8").matchAll(/^\s*export function (\w+)\(/gm)].map(([, name]) => name);

/** Why `text` (a module's source, comments removed) reaches the raw core, or undefined. */
function rawUse(text: string): string | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  if (/["'][^"']*raw-exports(\.js)?["']/.test(code)) return "imports raw-exports";
  if (/\bRawExports\b/.test(code)) return "names RawExports";
  if (/\.raw\b/.test(code)) return "reads a core's .raw";
  const called = exportNames.find((name) => new RegExp(`\\.${name}\\s*\\(`).test(code));
  return called === undefined ? undefined : `calls .${called}(`;
}

describe("the raw core is wrapped once", () => {
  it("the core has exports to look for", () => {
    expect(exportNames).toEqual(expect.arrayContaining(["agentStep", "configureAgent", "createAgent", "networkStateBlock"]));
  });

  it("no module of the library outside bindings/core/ reaches the raw exports", () => {
    const outside = [...sources(join(root, "bindings")), ...sources(join(root, "examples"))].filter((file) => !relative(root, file).startsWith(join("bindings", "core")));
    expect(outside.length).toBeGreaterThan(20);
    const offending = outside.flatMap((file) => {
      const why = rawUse(readFileSync(file, "utf8"));
      return why === undefined ? [] : [`${relative(root, file)} ${why}`];
    });
    expect(offending).toEqual([]);
  });

  it("the scan finds each way of reaching it", () => {
    expect(rawUse(`import type { RawExports } from "../../core/raw-exports.js";`)).toBe("imports raw-exports");
    expect(rawUse(`const raw = this.core.raw;`)).toBe("reads a core's .raw");
    expect(rawUse(`exports.agentStep (handle);`)).toBe("calls .agentStep(");
    expect(rawUse(`// core.raw.agentStep(handle) in a comment\nagent.act(observation);`)).toBeUndefined();
  });
});
