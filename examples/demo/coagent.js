// The demo's one door into the library: every other demo file imports from here, so when the
// packaging moves (another entry point, a CDN URL) only these two lines change.
// `npm run build:demo` (scripts/build-demo.mjs) bundles through this file and swaps `coreUrl`
// for the copy of the core it places next to the page.
export { Agent, algorithms, init, makeEnv, renderAcrobot, renderCartPole, renderLunarLander, renderMountainCar, unwrapped } from "../../dist/browser.js";
export const coreUrl = new URL("../../build/core64.wasm", import.meta.url).href;
