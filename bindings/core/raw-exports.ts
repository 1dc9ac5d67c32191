import type { instantiate } from "../../build/core.js";

type WasmExports = Awaited<ReturnType<typeof instantiate>>;

/**
 * The core's raw exports: the Wasm instance's, or the JS core's (bindings/core/js/exports.ts), whose
 * memory is an ArrayBuffer-backed heap rather than a WebAssembly.Memory. Derived from the Wasm
 * build's declarations, so the JS core must keep up with every export the Wasm core gains.
 */
export type RawExports = Omit<WasmExports, "memory"> & { readonly memory: { readonly buffer: ArrayBuffer } };
