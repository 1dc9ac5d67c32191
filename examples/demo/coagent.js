// The demo's one door into the library: every other demo file imports from here, so when the
// packaging moves (another entry point, a CDN URL) only these lines change.
// The library's modules, not the self-contained dist/browser.js: that bundle carries planck and
// Observable Plot, while this page draws on canvases and needs planck only for LunarLander
// (loadLunarLander imports it on demand, so a bundler gives it a chunk of its own).
// The rules' declarations and network plans tell the intro what each team is made of.
// `npm run build:demo` (scripts/build-demo.mjs) bundles through this file and swaps `coreUrl`
// for the copy of the core it places next to the page.
export {
  Agent, Policy, algorithms, init, loadLunarLander, makeEnv, render, renderAcrobot, renderCartPole, renderLunarLander, renderMountainCar,
} from "../../dist/index.js";
export { hyperparametersFor, planNetworks } from "../../dist/rules/algorithms.js";
export { ruleNamed } from "../../dist/rules/index.js";
export const coreUrl = new URL("../../build/core64.wasm", import.meta.url).href;
