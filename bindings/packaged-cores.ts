/**
 * Where the packaged cores are. These `new URL("…", import.meta.url)` expressions are literal so
 * that bundlers (Vite, webpack) find and copy the files, and this module sits one folder below
 * the package root, as dist/browser.js does: the same relative path to build/ is right both for
 * dist/packaged-cores.js and for the self-contained bundle that inlines this module.
 */
import type { Backend, Precision } from "./core/variants.js";

/** The packaged `.wasm` file of a precision and Wasm backend. */
export function packagedCoreUrl(precision: Precision, backend: Backend): URL {
  if (backend === "wasm-scalar") {
    return precision === "float64" ? new URL("../build/core64-scalar.wasm", import.meta.url) : new URL("../build/core-scalar.wasm", import.meta.url);
  }
  return precision === "float64" ? new URL("../build/core64.wasm", import.meta.url) : new URL("../build/core.wasm", import.meta.url);
}

/**
 * The packaged core's bytes from the module that inlines them (base64). Bundlers that do not
 * copy files named by `new URL("…", import.meta.url)` (esbuild, Rollup without a plugin) leave
 * the `.wasm` behind; this dynamic import is bundled instead, as a separate chunk where the
 * bundler splits code, so it costs nothing while the file is found.
 */
export async function inlinedCore(precision: Precision): Promise<Uint8Array> {
  const { base64 } = precision === "float64" ? await import("../build/core64-inline.js") : await import("../build/core-inline.js");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
