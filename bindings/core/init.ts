/**
 * One call that prepares the cores a program needs, wherever it runs. In a browser or Deno the
 * packaged `.wasm` files are fetched next to the bundle; on Cloudflare Workers, which forbid
 * compiling bytes, pass the imported compiled modules:
 *
 *   import core64 from "coagent/build/core64.wasm";   // a WebAssembly.Module on Workers
 *   await init({ float64: core64 });
 */
import { type CoreSource, type Precision, loadCore, precisions } from "./core.js";
import { ConfigurationError, describe } from "../errors.js";

/** Options of `init`. */
export interface InitOptions {
  /** Where to load each build from (a compiled module, bytes, a URL or a Response); default: the packaged file. */
  float64?: CoreSource;
  float32?: CoreSource;
  /** Which builds to load (default: those given a source, or float64 alone). */
  precisions?: Precision[];
}

/** Loads the cores a program needs (default: float64), from the given sources or the packaged files. */
export async function init(options: InitOptions = {}): Promise<void> {
  if (typeof options !== "object" || options === null) throw new ConfigurationError(`init options must be an object { float64?, float32?, precisions? }; got ${describe(options)}`);
  const given = precisions.filter((p) => options[p] !== undefined);
  const wanted = options.precisions ?? (given.length > 0 ? given : ["float64" as const]);
  for (const precision of wanted) {
    if (!precisions.includes(precision)) throw new ConfigurationError(`precisions must list "float32" and/or "float64"; got ${describe(precision)}`);
    await loadCore({ precision, source: options[precision] });
  }
}
