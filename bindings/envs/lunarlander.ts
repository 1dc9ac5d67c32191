/**
 * LunarLander-v2 / -v3, discrete and continuous, on planck.js (a Box2D port), with Gymnasium's
 * terrain, lander, legs, engines, reward shaping and endings (docs/environments.md). Dynamics
 * only; rendering lives in render/lunarlander.ts.
 *
 * planck.js computes in double precision where Box2D uses single, so trajectories match
 * Gymnasium's statistically, not bit for bit. Both versions build a fresh world at every reset
 * (v3's behaviour): v2's reuse of one world only made Gymnasium's episodes depend on history.
 */
import type { Body, Contact, Polygon, World } from "planck";
import { StateError, ValueError, describe } from "../errors.js";
import * as math from "../core/portable-math.js";
import { envRandom, requireEnvSeeding, type EnvRandom, type EnvSeeding, type SeedingOptions } from "./seeding.js";
import { lunarPhysics, type Physics } from "./physics.js";
import { legJointClass } from "./leg-joint.js";
import { landerShapes } from "./polygon-mass.js";
import type { Action, ResetResult, StepResult, TaskEnvironment } from "./environment.js";
import { Box, Discrete } from "./spaces.js";

export const LUNAR = {
  fps: 50,
  scale: 30,
  mainEnginePower: 13,
  sideEnginePower: 0.6,
  initialRandom: 1000,
  landerPolygon: [[-14, 17], [-17, 0], [-17, -10], [17, -10], [17, 0], [14, 17]] as const,
  legAway: 20,
  legDown: 18,
  legWidth: 2,
  legHeight: 8,
  legSpringTorque: 40,
  sideEngineHeight: 14,
  sideEngineAway: 12,
  mainEngineOffset: 4,
  viewportWidth: 600,
  viewportHeight: 400,
  chunks: 11,
} as const;

/** World size in Box2D units: 20 × 13.333. */
export const WORLD_WIDTH = LUNAR.viewportWidth / LUNAR.scale;
export const WORLD_HEIGHT = LUNAR.viewportHeight / LUNAR.scale;
const HELIPAD_Y = WORLD_HEIGHT / 4;

/** What a renderer needs to draw a frame, in world units. */
export interface LunarLanderSnapshot {
  terrain: { x: number; y: number }[];
  helipad: { x1: number; x2: number; y: number };
  lander: { x: number; y: number }[];
  legs: { x: number; y: number }[][];
  legContact: [boolean, boolean];
  /** Engines fired by the last step, with their power (0 when off). */
  mainEngine: number;
  sideEngine: number;
}

const BODY_FIELDS = 6; // x, y, angle, vx, vy, ω

/**
 * The bare LunarLander-v2/-v3 and their continuous versions: land on the pad (Box2D physics via
 * planck.js; outside Node `await loadLunarLander()` first). `makeEnv` adds the 1000-step limit.
 */
export class LunarLander implements TaskEnvironment {
  readonly id: string;
  readonly continuous: boolean;
  readonly observationSpace: Box;
  readonly actionSpace: Discrete | Box;
  /** Whose random stream seeds select (see seeding.ts). */
  readonly seeding: EnvSeeding;
  private readonly random: EnvRandom;
  private readonly physics: Physics;
  private world!: World;
  private lander!: Body;
  private legs: Body[] = [];
  private legContact: [boolean, boolean] = [false, false];
  private gameOver = false;
  private prevShaping: number | undefined;
  private terrainX: number[] = [];
  private terrainY: number[] = [];
  /** Whether a reset has built the world (state, terrain and snapshots need one). */
  private started = false;
  /** Steps since the reset, part of `state` (the time limit is makeEnv's, which counts its own). */
  private episodeSteps = 0;
  private lastPower: [number, number] = [0, 0];

  constructor(options: SeedingOptions & { continuous?: boolean; version?: "v2" | "v3" } = {}) {
    const version = options.version ?? "v2";
    if (version !== "v2" && version !== "v3") throw new ValueError(`version must be "v2" or "v3"; got ${describe(version)}`);
    this.continuous = options.continuous ?? false;
    this.id = `${this.continuous ? "LunarLanderContinuous" : "LunarLander"}-${version}`;
    this.physics = lunarPhysics(this.id);
    this.seeding = requireEnvSeeding("seeding", options.seeding);
    this.random = envRandom(this.seeding, options.seed ?? 0);
    // v2 declared unbounded observations; v3 bounds them (informational: they can be exceeded).
    this.observationSpace = version === "v2"
      ? new Box([-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, 0, 0], [Infinity, Infinity, Infinity, Infinity, Infinity, Infinity, 1, 1])
      : new Box([-2.5, -2.5, -10, -10, -2 * Math.PI, -10, 0, 0], [2.5, 2.5, 10, 10, 2 * Math.PI, 10, 1, 1]);
    this.actionSpace = this.continuous ? new Box([-1, -1], [1, 1]) : new Discrete(4);
  }

  reset(options: { seed?: number } = {}): ResetResult {
    if (options.seed !== undefined) this.random.seed(options.seed);
    this.buildWorld();
    this.started = true;
    this.episodeSteps = 0;
    // Gymnasium ends reset with one no-op step and returns its observation.
    const first = this.simulate(0, 0);
    return { observation: first.observation, info: {} };
  }

  step(action: Action): StepResult {
    const [main, side] = this.engines(action);
    // The world is built by reset: without one there is nothing to step.
    if (!this.started) throw new StateError(`${this.id}: call reset() before step()`);
    const { observation, reward, terminated } = this.simulate(main, side);
    this.episodeSteps++;
    return { observation, reward, terminated, truncated: false, info: {} };
  }

  /** Validates an action and returns [main power, signed side power]. */
  private engines(action: Action): [number, number] {
    if (!this.continuous) {
      if (action !== 0 && action !== 1 && action !== 2 && action !== 3) {
        throw new ValueError(`action must be 0 (noop), 1 (left engine), 2 (main engine) or 3 (right engine); got ${describe(action)}`);
      }
      return [action === 2 ? 1 : 0, action === 1 ? -1 : action === 3 ? 1 : 0];
    }
    if (typeof action === "number" || !action || action.length !== 2 || !Number.isFinite(action[0]) || !Number.isFinite(action[1])) {
      throw new ValueError(`action must be 2 finite numbers [main, lateral]; got ${describe(action)}`);
    }
    const a0 = Math.min(Math.max(action[0], -1), 1);
    const a1 = Math.min(Math.max(action[1], -1), 1);
    // Main engine: off below 0, then throttle 50%..100%; side engine: off within ±0.5.
    const main = a0 > 0 ? (Math.min(Math.max(a0, 0), 1) + 1) / 2 : 0;
    const side = Math.abs(a1) > 0.5 ? Math.sign(a1) * Math.min(Math.max(Math.abs(a1), 0.5), 1) : 0;
    return [main, side];
  }

  private buildWorld(): void {
    const W = WORLD_WIDTH;
    const H = WORLD_HEIGHT;
    const c = LUNAR;
    const { Edge, Vec2, World } = this.physics;
    const RevoluteJoint = legJointClass(this.physics);
    const { Box, Polygon } = landerShapes(this.physics); // planck 1.5.0's mass under any planck 1.x
    this.world = new World({ gravity: new Vec2(0, -10) });
    this.gameOver = false;
    this.prevShaping = undefined;
    this.legContact = [false, false];

    const heights = Array.from({ length: c.chunks + 1 }, () => this.random.uniformIn(0, H / 2));
    const chunkX = Array.from({ length: c.chunks }, (_, i) => (W / (c.chunks - 1)) * i);
    const mid = Math.floor(c.chunks / 2);
    for (let k = mid - 2; k <= mid + 2; k++) heights[k] = HELIPAD_Y;
    // heights[i − 1] wraps to the last entry for i = 0, as Python's negative index does.
    this.terrainX = chunkX;
    this.terrainY = chunkX.map((_, i) => 0.33 * (heights[(i - 1 + heights.length) % heights.length] + heights[i] + heights[i + 1]));
    const moon = this.world.createBody();
    moon.createFixture(new Edge(new Vec2(0, 0), new Vec2(W, 0)), { friction: 0.2 });
    for (let i = 0; i < c.chunks - 1; i++) {
      moon.createFixture(new Edge(new Vec2(chunkX[i], this.terrainY[i]), new Vec2(chunkX[i + 1], this.terrainY[i + 1])), { density: 0, friction: 0.1 });
    }

    this.lander = this.world.createBody({ type: "dynamic", position: new Vec2(W / 2, H), angle: 0 });
    this.lander.createFixture(new Polygon(c.landerPolygon.map(([x, y]) => new Vec2(x / c.scale, y / c.scale))), {
      density: 5, friction: 0.1, restitution: 0, filterCategoryBits: 0x0010, filterMaskBits: 0x0001,
    });
    const fx = this.random.uniformIn(-c.initialRandom, c.initialRandom);
    const fy = this.random.uniformIn(-c.initialRandom, c.initialRandom);
    this.lander.applyForceToCenter(new Vec2(fx, fy), true);

    this.legs = [-1, 1].map((i) => {
      const leg = this.world.createBody({ type: "dynamic", position: new Vec2(W / 2 - (i * c.legAway) / c.scale, H), angle: i * 0.05 });
      leg.createFixture(new Box(c.legWidth / c.scale, c.legHeight / c.scale), { density: 1, restitution: 0, friction: 0.2, filterCategoryBits: 0x0020, filterMaskBits: 0x0001 });
      this.world.createJoint(new RevoluteJoint({
        bodyA: this.lander, bodyB: leg, localAnchorA: new Vec2(0, 0), localAnchorB: new Vec2((i * c.legAway) / c.scale, c.legDown / c.scale),
        referenceAngle: i * 0.05, enableMotor: true, enableLimit: true, maxMotorTorque: c.legSpringTorque, motorSpeed: 0.3 * i,
        lowerAngle: i === -1 ? 0.4 : -0.9, upperAngle: i === -1 ? 0.9 : -0.4,
      }));
      return leg;
    });

    this.world.on("begin-contact", (contact: Contact) => this.contact(contact, true));
    this.world.on("end-contact", (contact: Contact) => this.contact(contact, false));
  }

  private contact(contact: Contact, begins: boolean): void {
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    if (begins && (a === this.lander || b === this.lander)) this.gameOver = true;
    this.legs.forEach((leg, k) => {
      if (a === leg || b === leg) this.legContact[k] = begins;
    });
  }

  /** Fires the engines, advances the world 1/50 s, and scores the new state. */
  private simulate(main: number, side: number): { observation: Float64Array; reward: number; terminated: boolean } {
    const c = LUNAR;
    const { Vec2 } = this.physics;
    const angle = this.lander.getAngle();
    // Scalars, not [x, y] arrays: this runs every step (the arithmetic is unchanged).
    const tipX = math.sin(angle);
    const tipY = math.cos(angle);
    const lateralX = -tipY;
    const lateralY = tipX;
    // Drawn every step, whether or not an engine fires.
    const dispersion0 = this.random.uniformIn(-1, 1) / c.scale;
    const dispersion1 = this.random.uniformIn(-1, 1) / c.scale;
    const position = this.lander.getPosition();
    if (main > 0) {
      const ox = tipX * (c.mainEngineOffset / c.scale + 2 * dispersion0) + lateralX * dispersion1;
      const oy = -tipY * (c.mainEngineOffset / c.scale + 2 * dispersion0) - lateralY * dispersion1;
      this.lander.applyLinearImpulse(new Vec2(-ox * c.mainEnginePower * main, -oy * c.mainEnginePower * main), new Vec2(position.x + ox, position.y + oy), true);
    }
    const sidePower = Math.abs(side);
    if (sidePower > 0) {
      const direction = Math.sign(side);
      const ox = tipX * dispersion0 + lateralX * (3 * dispersion1 + (direction * c.sideEngineAway) / c.scale);
      const oy = -tipY * dispersion0 - lateralY * (3 * dispersion1 + (direction * c.sideEngineAway) / c.scale);
      // Gymnasium offsets the application point by 17 px sideways but 14 px up; kept as is.
      const point = new Vec2(position.x + ox - (tipX * 17) / c.scale, position.y + oy + (tipY * c.sideEngineHeight) / c.scale);
      this.lander.applyLinearImpulse(new Vec2(-ox * c.sideEnginePower * sidePower, -oy * c.sideEnginePower * sidePower), point, true);
    }
    this.lastPower = [main, side];
    this.world.step(1 / c.fps, 6 * 30, 2 * 30);

    const o = this.observe();
    const shaping = -100 * math.hypot(o[0], o[1]) - 100 * math.hypot(o[2], o[3]) - 100 * Math.abs(o[4]) + 10 * o[6] + 10 * o[7];
    let reward = this.prevShaping === undefined ? 0 : shaping - this.prevShaping;
    this.prevShaping = shaping;
    reward -= main * 0.3;
    reward -= sidePower * 0.03;
    let terminated = false;
    if (this.gameOver || Math.abs(o[0]) >= 1) {
      terminated = true;
      reward = -100;
    }
    if (!this.lander.isAwake()) {
      terminated = true;
      reward = 100;
    }
    return { observation: o, reward, terminated };
  }

  private observe(): Float64Array {
    const c = LUNAR;
    const p = this.lander.getPosition();
    const v = this.lander.getLinearVelocity();
    const halfW = WORLD_WIDTH / 2;
    const halfH = WORLD_HEIGHT / 2;
    return Float64Array.of(
      (p.x - halfW) / halfW,
      (p.y - (HELIPAD_Y + c.legDown / c.scale)) / halfH,
      (v.x * halfW) / c.fps,
      (v.y * halfH) / c.fps,
      this.lander.getAngle(),
      (20 * this.lander.getAngularVelocity()) / c.fps,
      this.legContact[0] ? 1 : 0,
      this.legContact[1] ? 1 : 0,
    );
  }

  /**
   * A snapshot of the physical state (the terrain is not part of it: it is fixed by the episode's
   * seed): [x, y, angle, vx, vy, ω] of the lander, then of leg 0 and leg 1 (world units), then
   * leg 0 contact, leg 1 contact (0/1), game over (0/1), the previous shaping value and the
   * episode's step count. Assigning a snapshot taken in the same episode restores it.
   */
  get state(): number[] {
    if (!this.started) throw new StateError(`${this.id}: call reset() before reading state`);
    const bodies = [this.lander, ...this.legs].flatMap((body) => {
      const p = body.getPosition();
      const v = body.getLinearVelocity();
      return [p.x, p.y, body.getAngle(), v.x, v.y, body.getAngularVelocity()];
    });
    return [...bodies, this.legContact[0] ? 1 : 0, this.legContact[1] ? 1 : 0, this.gameOver ? 1 : 0, this.prevShaping ?? 0, this.episodeSteps];
  }

  set state(value: number[]) {
    const length = 3 * BODY_FIELDS + 5;
    if (!Array.isArray(value) || value.length !== length || !value.every(Number.isFinite)) {
      throw new ValueError(`state must be ${length} finite numbers (lander, leg 0, leg 1 as [x, y, angle, vx, vy, ω], then 2 contacts, game over, previous shaping, steps); got ${describe(value)}`);
    }
    if (!this.started) throw new StateError(`${this.id}: call reset() before assigning state (the terrain comes from reset)`);
    const { Vec2 } = this.physics;
    [this.lander, ...this.legs].forEach((body, k) => {
      const [x, y, angle, vx, vy, w] = value.slice(k * BODY_FIELDS, (k + 1) * BODY_FIELDS);
      body.setTransform(new Vec2(x, y), angle);
      body.setLinearVelocity(new Vec2(vx, vy));
      body.setAngularVelocity(w);
      body.setAwake(true);
    });
    const rest = value.slice(3 * BODY_FIELDS);
    this.legContact = [rest[0] === 1, rest[1] === 1];
    this.gameOver = rest[2] === 1;
    this.prevShaping = rest[3];
    this.episodeSteps = rest[4];
  }

  /**
   * The episode's ground, drawn at reset and fixed until the next one (hence not part of
   * `state`): the smoothed heights at x = 0, 2, …, 20 and the pad between the flags.
   */
  get terrain(): { x: number[]; y: number[]; helipad: { x1: number; x2: number; y: number } } {
    if (!this.started) throw new StateError(`${this.id}: call reset() before reading terrain`);
    const mid = Math.floor(LUNAR.chunks / 2);
    return { x: [...this.terrainX], y: [...this.terrainY], helipad: { x1: this.terrainX[mid - 1], x2: this.terrainX[mid + 1], y: HELIPAD_Y } };
  }

  /** Geometry for drawing the current frame. */
  snapshot(): LunarLanderSnapshot {
    if (!this.started) throw new StateError(`${this.id}: call reset() before snapshot()`);
    const outline = (body: Body) => {
      const shape = body.getFixtureList()!.getShape() as Polygon;
      return shape.m_vertices.map((v) => {
        const w = body.getWorldPoint(v);
        return { x: w.x, y: w.y };
      });
    };
    const ground = this.terrain;
    return {
      terrain: ground.x.map((x, i) => ({ x, y: ground.y[i] })),
      helipad: ground.helipad,
      lander: outline(this.lander),
      legs: this.legs.map(outline),
      legContact: [...this.legContact],
      mainEngine: this.lastPower[0],
      sideEngine: this.lastPower[1],
    };
  }
}
