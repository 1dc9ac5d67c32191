// The layout is the architecture: bindings/ is layered, the portable library never reaches into
// the Node-only tools, and no module imports itself through a cycle. A new import that breaks
// a layer fails here, with the offending file named.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..", "bindings");

/** Lower layers never import higher ones; one folder (or root module) per layer. */
const layers: Record<string, number> = {
  errors: 0, // the error classes every layer throws
  core: 1, "packaged-cores": 1, // loading the core and speaking its interface
  envs: 2, rules: 2, render: 2, // tasks (whose specs hold their renderers); the learning rules' settings; drawing tasks
  stats: 2, // statistics of runs (resamples with the core's seeded generator)
  training: 3, // agents, policies, runs
  plot: 4, // figures of runs
  index: 5, node: 5, // the portable entry; the Node-only tools and their entry
  browser: 6, // the self-contained bundle's entry
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, "");
}

/** Relative imports (static, type-only and dynamic) of one file, as source paths. */
function importsOf(file: string): { specifier: string; target: string }[] {
  // Comments may quote imports (host.ts explains why it avoids `import("node:fs")`).
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...text.matchAll(/(?:\bfrom|\bimport\s*\(|\bimport)\s*"([^"]+)"/g)].map(([, specifier]) => ({
    specifier,
    // The bindings name modules with .js, the AssemblyScript core with no extension.
    target: specifier.startsWith(".") ? normalize(join(dirname(file), specifier)).replace(/\.js$/, "").concat(".ts") : specifier,
  }));
}

const files = sources(root);

describe("bindings/ layout", () => {
  it("every module belongs to a known layer", () => {
    expect(files.map(layerOf).filter((layer) => !(layer in layers))).toEqual([]);
  });

  it("imports only point down the layers", () => {
    const upward = files.flatMap((file) =>
      importsOf(file)
        .filter(({ target }) => target.startsWith(root))
        .filter(({ target }) => layers[layerOf(target)] > layers[layerOf(file)])
        .map(({ specifier }) => `${relative(root, file)} imports ${specifier}`),
    );
    expect(upward).toEqual([]);
  });

  it("only the Node-only tools import Node's modules", () => {
    const nodeOnly = (file: string) => layerOf(file) === "node";
    const offending = files
      .filter((file) => !nodeOnly(file))
      .flatMap((file) => importsOf(file).filter(({ specifier }) => specifier.startsWith("node:")).map(({ specifier }) => `${relative(root, file)} imports ${specifier}`));
    expect(offending).toEqual([]);
  });

  it("has no import cycles, nor has the core", () => {
    const all = [...files, ...sources(join(__dirname, "..", "..", "assembly")).filter((file) => !file.includes("__tests__"))];
    const graph = new Map(all.map((file) => [file, importsOf(file).map(({ target }) => target).filter((target) => all.includes(target))]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(join(root, ".."), f)).join(" → "));
        return;
      }
      state.set(file, "open");
      for (const next of graph.get(file)!) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of all) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
