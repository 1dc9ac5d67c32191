/**
 * Node's modules without importing them. A static or literal dynamic `import("node:fs")` is
 * followed by every bundler and breaks browser builds (esbuild stops at "Could not resolve"),
 * so Node-only features reach Node through `process.getBuiltinModule` (Node ≥ 20.16), which no
 * bundler sees and which is simply absent in browsers and workers.
 */
type NodeProcess = { getBuiltinModule?: (id: string) => unknown; versions?: { node?: string } };

/** Node's built-in module `id` ("fs", "module", …), or undefined outside Node. */
export function nodeBuiltin<T>(id: string): T | undefined {
  const process = (globalThis as { process?: NodeProcess }).process;
  if (typeof process?.getBuiltinModule !== "function" || typeof process.versions?.node !== "string") return undefined;
  return process.getBuiltinModule(id) as T | undefined;
}

/**
 * Loads a package synchronously with Node's `require` (from this library's location), or
 * returns undefined outside Node. For optional heavy dependencies that sync APIs need in Node
 * while browser bundles load them on demand with `import()`.
 */
export function requireInNode<T>(specifier: string): T | undefined {
  const module = nodeBuiltin<{ createRequire(from: string | URL): (id: string) => unknown }>("module");
  return module ? (module.createRequire(import.meta.url)(specifier) as T) : undefined;
}
