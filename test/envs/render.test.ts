// Renderers draw what the state says where Gymnasium's layout puts it; checked on a recording
// canvas with positions computed here from the geometry.
import { describe, expect, it } from "vitest";
import { Acrobot } from "../../bindings/envs/acrobot";
import { CartPole } from "../../bindings/envs/cartpole";
import { LunarLander } from "../../bindings/envs/lunarlander";
import { MountainCarContinuous } from "../../bindings/envs/mountaincar";
import { environmentIds, makeEnv } from "../../bindings/envs/registry";
import { ACROBOT_STYLE } from "../../bindings/render/acrobot";
import { ConfigurationError } from "../../bindings/errors";
import { RecordingCanvas } from "../../bindings/render/canvas";
import { CARTPOLE_STYLE } from "../../bindings/render/cartpole";
import { render, renderableIds } from "../../bindings/render";
import { LUNAR_STYLE } from "../../bindings/render/lunarlander";
import { MOUNTAINCAR_STYLE } from "../../bindings/render/mountaincar";

const centre = (path: { x: number; y: number }[]) => ({ x: path.reduce((s, p) => s + p.x, 0) / path.length, y: path.reduce((s, p) => s + p.y, 0) / path.length });

describe("RecordingCanvas", () => {
  it("records calls and applies translate and rotate to path points", () => {
    const ctx = new RecordingCanvas(100, 50);
    ctx.translate(10, 20);
    ctx.rotate(Math.PI / 2);
    ctx.beginPath();
    ctx.moveTo(5, 0);
    ctx.fillStyle = "red";
    ctx.fill();
    const fill = ctx.drawn("red")[0];
    expect(fill.path![0].x).toBeCloseTo(10, 12);
    expect(fill.path![0].y).toBeCloseTo(25, 12);
    expect(ctx.calls.map((c) => c.op)).toEqual(["translate", "rotate", "beginPath", "moveTo", "fill"]);
  });

  it("applies scale, restores styles with the transform, and records text", () => {
    const ctx = new RecordingCanvas();
    ctx.fillStyle = "blue";
    ctx.save();
    ctx.translate(100, 100);
    ctx.scale(2, -1);
    ctx.fillStyle = "red";
    ctx.fillText("hi", 3, 4);
    ctx.restore();
    ctx.fillRect(1, 2, 3, 4);
    const text = ctx.calls.find((c) => c.op === "fillText")!;
    expect(text).toMatchObject({ text: "hi", style: "red", path: [{ x: 106, y: 96 }] });
    expect(ctx.drawn("blue")[0].path![0]).toEqual({ x: 1, y: 2 });
  });
});

describe("renderers", () => {
  it("CartPole: the cart is centred at 300 + 125·x px and the pole tip leans with θ", () => {
    for (const [x, theta] of [[0, 0], [1, 0.1], [-1.5, -0.2]]) {
      const env = new CartPole();
      env.reset({ seed: 0 });
      env.state = [x, 0, theta, 0];
      const ctx = new RecordingCanvas();
      render(ctx, env);
      const cart = ctx.drawn(CARTPOLE_STYLE.cart)[0];
      expect(centre(cart.path!).x).toBeCloseTo(300 + 125 * x, 9);
      const pole = ctx.drawn(CARTPOLE_STYLE.pole)[0].path!;
      const tip = centre([pole[2], pole[3]]);
      expect(tip.x - (300 + 125 * x)).toBeCloseTo(125 * Math.sin(theta), 9); // a 1 m pole is 125 px
      expect(300 - 7.5 - tip.y).toBeCloseTo(125 * Math.cos(theta), 9);
    }
  });

  it("CartPole: an explicit frame size overrides the canvas size", () => {
    const env = new CartPole();
    env.reset({ seed: 0 });
    env.state = [1, 0, 0, 0];
    const ctx = new RecordingCanvas(600, 400);
    render(ctx, env, { width: 1200, height: 800 });
    // 1200 px over 4.8 m is 250 px per metre, centred at 600 px.
    expect(centre(ctx.drawn(CARTPOLE_STYLE.cart)[0].path!).x).toBeCloseTo(600 + 250, 9);
  });

  it("Acrobot: the links end where the forward kinematics put the elbow and the tip", () => {
    const env = new Acrobot();
    env.reset({ seed: 0 });
    const [t1, t2] = [0.7, -1.2];
    env.state = [t1, t2, 0, 0];
    const ctx = new RecordingCanvas(500, 500);
    render(ctx, env);
    const scale = 500 / 4.4;
    const links = ctx.drawn(ACROBOT_STYLE.link).map((c) => c.path!);
    const elbow = { x: Math.sin(t1), y: -Math.cos(t1) };
    const tip = { x: elbow.x + Math.sin(t1 + t2), y: elbow.y - Math.cos(t1 + t2) };
    expect(links[0][1].x).toBeCloseTo(250 + elbow.x * scale, 9);
    expect(links[0][1].y).toBeCloseTo(250 - elbow.y * scale, 9);
    expect(links[1][1].x).toBeCloseTo(250 + tip.x * scale, 9);
    expect(links[1][1].y).toBeCloseTo(250 - tip.y * scale, 9);
  });

  it("MountainCar: the car sits on the hill at its position", () => {
    const env = new MountainCarContinuous();
    env.reset({ seed: 0 });
    env.state = [-0.5, 0];
    const ctx = new RecordingCanvas();
    render(ctx, env);
    const scale = 600 / 1.8;
    const car = ctx.drawn(MOUNTAINCAR_STYLE.car).find((c) => c.op === "fill")!.path!;
    const c = centre(car.slice(0, 4));
    const ground = { x: (-0.5 + 1.2) * scale, y: 400 - (Math.sin(-1.5) * 0.45 + 0.55) * scale };
    expect(Math.hypot(c.x - ground.x, c.y - ground.y)).toBeCloseTo(20, 6); // 20 px above the ground point, tilted
  });

  it("LunarLander: the hull is drawn where its world position maps, legs turn green on contact", () => {
    const env = new LunarLander();
    env.reset({ seed: 0 });
    const ctx = new RecordingCanvas();
    render(ctx, env);
    const [x, y] = env.state;
    const hull = ctx.drawn(LUNAR_STYLE.lander)[0].path!;
    const c = centre(hull.slice(0, -1));
    expect(Math.abs(c.x - x * 30)).toBeLessThan(5);
    expect(Math.abs(c.y - (400 - y * 30))).toBeLessThan(8);
    expect(ctx.drawn(LUNAR_STYLE.legs)).toHaveLength(2);
    expect(ctx.drawn(LUNAR_STYLE.contact)).toHaveLength(0);
  });

  it("every registered environment has a renderer, every coordinate is finite, unknown ids are refused", () => {
    expect(renderableIds().sort()).toEqual([...environmentIds].sort());
    for (const id of environmentIds) {
      const env = makeEnv(id);
      env.reset({ seed: 1 });
      const ctx = new RecordingCanvas();
      render(ctx, env);
      expect(ctx.calls.length).toBeGreaterThan(5);
      expect(ctx.calls.every((c) => c.args.every(Number.isFinite) && (c.path ?? []).every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)))).toBe(true);
    }
    expect(() => render(new RecordingCanvas(), { id: "Pong-v0" } as never)).toThrow(/No renderer for environment "Pong-v0"/);
    expect(() => render(new RecordingCanvas(), {} as never)).toThrow(ConfigurationError);
  });
});
