/**
 * The self-contained browser module (dist/browser.js, `coagent/browser`) for pages without a
 * bundler: the whole API, the SVG figures and LunarLander's physics in one file, planck
 * supplied up front so LunarLander needs no `loadLunarLander()` here.
 */
import * as planck from "planck";
import { providePhysics } from "./envs/physics.js";

providePhysics(planck);

export * from "./index.js";
export { learningCurveSvg, type FigureOptions } from "./plot.js";
