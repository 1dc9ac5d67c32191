/** CartPole-v1 frames, laid out as Gymnasium draws them (600×400: 125 px per metre, cart 50×30). */
import { CARTPOLE } from "../envs/cartpole.js";
import { type Canvas2D, type FrameSize, fillPolygon, frameSize, strokeLine } from "./canvas.js";

export const CARTPOLE_STYLE = { track: "#000000", cart: "#202020", pole: "#ca9865", axle: "#8184cb" } as const;

/** Draws state [x, ẋ, θ, θ̇]. */
export function renderCartPole(ctx: Canvas2D, state: readonly number[], size?: Partial<FrameSize>): void {
  const { width, height } = frameSize(ctx, size);
  const scale = width / (2 * CARTPOLE.xThreshold);
  const [x, , theta] = state;
  const cartX = width / 2 + x * scale;
  const trackY = height - 100;
  const poleLength = scale * 2 * CARTPOLE.halfLength;
  const axleY = trackY - 30 / 4;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  strokeLine(ctx, { x: 0, y: trackY }, { x: width, y: trackY }, CARTPOLE_STYLE.track, 1);
  ctx.fillStyle = CARTPOLE_STYLE.cart;
  ctx.fillRect(cartX - 25, trackY - 15, 50, 30);
  // The pole leans by θ from upright, clockwise for positive θ (towards +x).
  const half = 5;
  const along = { x: Math.sin(theta), y: -Math.cos(theta) };
  const across = { x: -along.y * half, y: along.x * half };
  const base = { x: cartX, y: axleY };
  const tip = { x: base.x + along.x * poleLength, y: base.y + along.y * poleLength };
  fillPolygon(ctx, [
    { x: base.x - across.x, y: base.y - across.y }, { x: base.x + across.x, y: base.y + across.y },
    { x: tip.x + across.x, y: tip.y + across.y }, { x: tip.x - across.x, y: tip.y - across.y },
  ], CARTPOLE_STYLE.pole);
  ctx.fillStyle = CARTPOLE_STYLE.axle;
  ctx.beginPath();
  ctx.arc(base.x, base.y, half, 0, 2 * Math.PI);
  ctx.fill();
}
