/**
 * Modules that register tasks (`register(spec)` from "coagent"), imported by URL and remembered, so
 * that every worker thread of a run pool or grid imports them too before it makes a task: a thread
 * starts with the built-in tasks only, and a registered id must mean the same task in all of them.
 */
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigurationError, describe } from "../errors.js";

const imported: string[] = [];

/** The absolute URLs of the task modules imported so far, in order (what worker threads import). */
export function importedTaskModules(): readonly string[] {
  return imported;
}

/**
 * The absolute URL of `specifier`: a path (relative to `base`, default the working directory), a
 * file: URL, or a package name resolved from `base`.
 */
export function resolveTaskModule(specifier: string, base = process.cwd()): string {
  if (typeof specifier !== "string" || specifier.length === 0) throw new ConfigurationError(`a task module must be a path, file: URL or package name; got ${describe(specifier)}`);
  if (specifier.startsWith("file:")) return new URL(specifier).href;
  if (specifier.startsWith(".") || isAbsolute(specifier)) return pathToFileURL(resolve(base, specifier)).href;
  return pathToFileURL(createRequire(join(base, "noop.js")).resolve(specifier)).href;
}

/**
 * Imports each module (which registers its tasks) and remembers its URL for the worker threads; a
 * module imported before is not imported again. A module that cannot be found or that throws while
 * loading (a spec refused by `register`, say) is a ConfigurationError of one line naming it.
 */
export async function importTaskModules(specifiers: readonly string[], base = process.cwd()): Promise<readonly string[]> {
  for (const specifier of specifiers) {
    let url: string;
    try {
      url = resolveTaskModule(specifier, base);
    } catch (error) {
      throw new ConfigurationError(`cannot import ${specifier}: ${oneLine(error)}`);
    }
    if (imported.includes(url)) continue;
    try {
      await import(url);
    } catch (error) {
      throw new ConfigurationError(`cannot import ${specifier}: ${oneLine(error)}`);
    }
    imported.push(url);
  }
  return imported;
}

/** An error's message on one line (an EnvironmentCheckError lists its problems on several). */
function oneLine(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return message.replace(/\n- /g, " ").replace(/\s*\n\s*/g, " ");
}
