/** Acrobot-v1 frames: two links from a central pivot, the goal height drawn as a line (Gymnasium's layout). */
import { ACROBOT } from "../envs/acrobot.js";
import { type Canvas2D, type FrameSize, frameSize, strokeLine } from "./canvas.js";

export const ACROBOT_STYLE = { goal: "#000000", link: "#00cccc", joint: "#cccc00" } as const;

/** Joint positions in metres, y up, pivot at the origin: θ1 = 0 hangs straight down. */
export function acrobotPoints(state: readonly number[]): { x: number; y: number }[] {
  const [t1, t2] = state;
  const elbow = { x: ACROBOT.linkLength1 * Math.sin(t1), y: -ACROBOT.linkLength1 * Math.cos(t1) };
  const tip = { x: elbow.x + ACROBOT.linkLength2 * Math.sin(t1 + t2), y: elbow.y - ACROBOT.linkLength2 * Math.cos(t1 + t2) };
  return [{ x: 0, y: 0 }, elbow, tip];
}

/** Draws state [θ1, θ2, θ̇1, θ̇2]. */
export function renderAcrobot(ctx: Canvas2D, state: readonly number[], size?: Partial<FrameSize>): void {
  const { width, height } = frameSize(ctx, size);
  const bound = ACROBOT.linkLength1 + ACROBOT.linkLength2 + 0.2;
  const scale = Math.min(width, height) / (2 * bound);
  const toCanvas = (p: { x: number; y: number }) => ({ x: width / 2 + p.x * scale, y: height / 2 - p.y * scale });
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  // The episode ends when the tip rises above one link length over the pivot.
  strokeLine(ctx, toCanvas({ x: -2.2, y: 1 }), toCanvas({ x: 2.2, y: 1 }), ACROBOT_STYLE.goal, 1);
  const points = acrobotPoints(state).map(toCanvas);
  for (let k = 0; k < 2; k++) strokeLine(ctx, points[k], points[k + 1], ACROBOT_STYLE.link, 0.2 * scale);
  ctx.fillStyle = ACROBOT_STYLE.joint;
  for (const p of points.slice(0, 2)) {
    ctx.beginPath();
    ctx.arc(p.x, p.y, 0.1 * scale, 0, 2 * Math.PI);
    ctx.fill();
  }
}
