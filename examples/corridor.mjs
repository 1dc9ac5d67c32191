// corridor.mjs: a task of your own, as a module; docs/environments.md shows it with its types.
// `coagent train --import ./examples/corridor.mjs --env Corridor-v0 --episodes 200`
import { Box, Discrete, Random, register } from "coagent";

/** Walk a corridor of cells -5 … 5 from near the middle to the exit at 5; cell -5 is a pit. */
export class Corridor {
  observationSpace = new Box([-1], [1]); // the cell, scaled to [-1, 1]
  actionSpace = new Discrete(2); // 0: step left, 1: step right
  random;
  cell = 0;

  constructor(options = {}) {
    this.random = new Random(options.seed ?? 0);
  }

  get state() {
    return [this.cell];
  }

  set state(value) {
    if (!Array.isArray(value) || value.length !== 1 || !Number.isInteger(value[0]) || Math.abs(value[0]) > 5) {
      throw new RangeError(`state must be [cell] with an integer cell in [-5, 5]; got ${JSON.stringify(value)}`);
    }
    this.cell = value[0];
  }

  reset(options = {}) {
    if (options.seed !== undefined) this.random.seed(options.seed);
    this.cell = Math.floor(this.random.uniform() * 3) - 1; // -1, 0 or 1
    return { observation: this.observe(), info: {} };
  }

  step(action) {
    if (!this.actionSpace.contains(action)) throw new RangeError(`action must be 0 or 1; got ${JSON.stringify(action)}`);
    this.cell += action === 1 ? 1 : -1;
    const terminated = Math.abs(this.cell) === 5;
    const reward = this.cell === 5 ? 1 : this.cell === -5 ? -1 : -0.01;
    return { observation: this.observe(), reward, terminated, truncated: false, info: {} };
  }

  observe() {
    return Float64Array.of(this.cell / 5);
  }
}

// makeEnv("Corridor-v0") adds the time limit, the order of reset and step, and the passive checks.
register({ id: "Corridor-v0", create: (options) => new Corridor(options), maxEpisodeSteps: 100, rewardThreshold: 0.9 });
