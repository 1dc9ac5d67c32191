// The JS core: assembly/*.ts compiled to JavaScript by tools/js-core/ (build/core-js32.js
// for float32, build/core-js64.js for float64), a drop-in replacement for the Wasm instance's raw
// exports. Only the glue is written here: the heap that plays Wasm memory (memory.ts) and
// AssemblyScript's NativeMath, ported bit for bit (nativemath.ts), which the float64 build calls.
import { instantiate as instantiate32 } from "../../../build/core-js32.js";
import { instantiate as instantiate64 } from "../../../build/core-js64.js";
import type { RawExports } from "../raw-exports.js";
import type { Precision } from "../variants.js";
import { Heap } from "./memory.js";
import * as nativeMath from "./nativemath.js";

export function createJsCore(precision: Precision): RawExports {
  const heap = new Heap();
  const core = (precision === "float32" ? instantiate32 : instantiate64)({ heap, nativeMath });
  // Assigned rather than declared as RawExports so that an export the compiled core has and the
  // current Wasm build lacks is not an error, while one it lacks is.
  const raw = { ...core, memory: heap.memory };
  return raw;
}
