// A prototype for bench/speed/lockstep-envs.mjs, not part of the library: CartPole-v1's step for S
// copies on struct-of-arrays state inside Wasm, to measure whether the lockstep environments
// belong in the core rather than in TypeScript. It repeats the formulas of cartPoleKernel
// (bindings/envs/cartpole.ts) in AssemblyScript because a Wasm module cannot call the
// TypeScript one; the benchmark checks how far the two agree. Resets stay in JavaScript (they
// draw from each copy's generator): the script resets a copy by writing its state into these
// columns and setting its `reset` flag, and the step then reports the reset observation.

const GRAVITY: f64 = 9.8;
const MASS_POLE: f64 = 0.1;
const TOTAL_MASS: f64 = 1.1;
const HALF_LENGTH: f64 = 0.5;
const POLE_MASS_LENGTH: f64 = 0.05;
const FORCE_MAGNITUDE: f64 = 10.0;
const TAU: f64 = 0.02;
const THETA_THRESHOLD: f64 = (12 * 2 * Math.PI) / 360;
const X_THRESHOLD: f64 = 2.4;

let count: i32 = 0;
let base: usize = 0;

// Layout from `base`, S = count: four f64 state columns (x, ẋ, θ, θ̇), f64 actions, f64
// observations (S × 4), f64 rewards, i32 elapsed steps, then u8 terminated, truncated, reset.
export function columnPtr(i: i32): usize { return base + <usize>(i * count * 8); }
export function actionsPtr(): usize { return base + <usize>(32 * count); }
export function observationsPtr(): usize { return base + <usize>(40 * count); }
export function rewardsPtr(): usize { return base + <usize>(72 * count); }
function elapsedPtr(): usize { return base + <usize>(80 * count); }
export function terminatedPtr(): usize { return base + <usize>(84 * count); }
export function truncatedPtr(): usize { return base + <usize>(85 * count); }
export function resetPtr(): usize { return base + <usize>(86 * count); }

/** Lays out `copies` copies' buffers after the static data, growing memory as needed. */
export function init(copies: i32): void {
  count = copies;
  base = (__heap_base + 15) & ~<usize>15;
  const end = base + <usize>(87 * copies);
  const pages = <i32>((end + 0xffff) >>> 16);
  if (pages > memory.size()) memory.grow(pages - memory.size());
  memory.fill(base, 0, end - base);
}

/** One step of every copy: a copy flagged `reset` reports its (already written) reset state instead. */
export function step(maxEpisodeSteps: i32): void {
  const xs = columnPtr(0);
  const xDots = columnPtr(1);
  const thetas = columnPtr(2);
  const thetaDots = columnPtr(3);
  const actions = actionsPtr();
  const observations = observationsPtr();
  const rewards = rewardsPtr();
  const elapsed = elapsedPtr();
  const terminatedFlags = terminatedPtr();
  const truncatedFlags = truncatedPtr();
  const resets = resetPtr();
  for (let k = 0; k < count; k++) {
    const o = observations + <usize>(k * 32);
    const at = <usize>(k * 8);
    if (load<u8>(resets + k)) {
      store<u8>(resets + k, 0);
      store<i32>(elapsed + <usize>(k * 4), 0);
      store<f64>(rewards + at, 0);
      store<u8>(terminatedFlags + k, 0);
      store<u8>(truncatedFlags + k, 0);
    } else {
      const x = load<f64>(xs + at);
      const xDot = load<f64>(xDots + at);
      const theta = load<f64>(thetas + at);
      const thetaDot = load<f64>(thetaDots + at);
      const force = load<f64>(actions + at) == 1 ? FORCE_MAGNITUDE : -FORCE_MAGNITUDE;
      const cos = Math.cos(theta);
      const sin = Math.sin(theta);
      const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
      const thetaAcc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - (MASS_POLE * cos * cos) / TOTAL_MASS));
      const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
      const nextX = x + TAU * xDot;
      const nextTheta = theta + TAU * thetaDot;
      store<f64>(xs + at, nextX);
      store<f64>(xDots + at, xDot + TAU * xAcc);
      store<f64>(thetas + at, nextTheta);
      store<f64>(thetaDots + at, thetaDot + TAU * thetaAcc);
      const terminated = nextX < -X_THRESHOLD || nextX > X_THRESHOLD || nextTheta < -THETA_THRESHOLD || nextTheta > THETA_THRESHOLD;
      const steps = load<i32>(elapsed + <usize>(k * 4)) + 1;
      store<i32>(elapsed + <usize>(k * 4), steps);
      store<f64>(rewards + at, 1);
      store<u8>(terminatedFlags + k, <u8>terminated);
      store<u8>(truncatedFlags + k, <u8>(steps >= maxEpisodeSteps));
    }
    store<f64>(o, load<f64>(xs + at));
    store<f64>(o + 8, load<f64>(xDots + at));
    store<f64>(o + 16, load<f64>(thetas + at));
    store<f64>(o + 24, load<f64>(thetaDots + at));
  }
}

/** AssemblyScript's own cosine and sine, for the benchmark to compare with the JavaScript engine's. */
export function cos(x: f64): f64 { return Math.cos(x); }
export function sin(x: f64): f64 { return Math.sin(x); }
