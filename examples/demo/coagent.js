// The demo's one door into the library: every other demo file imports from here, so when the
// packaging moves (another entry point, a CDN URL) only these lines change.
// The library's modules, not the self-contained dist/browser.js: that bundle carries planck and
// Observable Plot, while this page draws on canvases and needs planck only for LunarLander
// (loadLunarLander below imports it on demand).
// The rules' declarations and network plans tell the intro what each team is made of.
// `npm run build:demo` (scripts/build-demo.mjs) bundles through this file and swaps `coreUrl`
// for the copy of the core it places next to the page.
export {
  Agent, Policy, algorithms, init, makeEnv, render, renderAcrobot, renderCartPole, renderLunarLander, renderMountainCar, unwrapped,
} from "../../dist/index.js";
export { hyperparametersFor, planNetworks } from "../../dist/rules/algorithms.js";
export { ruleNamed } from "../../dist/rules/index.js";
import { providePhysics } from "../../dist/envs/physics.js";

/**
 * Loads LunarLander's physics (planck) on first use. Served unbundled (`npm run demo`), the page
 * and its workers cannot import a package by name (a worker takes no import map), so this
 * imports planck's module file by URL; scripts/build-demo.mjs turns it into `import("planck")`,
 * which the bundler puts in a chunk of its own that only LunarLander fetches.
 */
export async function loadLunarLander() {
  providePhysics(await import(new URL("../../node_modules/planck/dist/planck.mjs", import.meta.url).href));
}
export const coreUrl = new URL("../../build/core64.wasm", import.meta.url).href;
