/** LunarLander frames, as Gymnasium draws them: 30 px per world unit, y up from the bottom edge. */
import { LUNAR, type LunarLanderSnapshot } from "../envs/lunarlander.js";
import { type Canvas2D, type FrameSize, fillPolygon, frameSize, strokeLine } from "./canvas.js";

export const LUNAR_STYLE = { sky: "#000000", moon: "#ffffff", lander: "#8066e6", legs: "#4d4d80", contact: "#4de64d", flag: "#cccc00", flame: "#ff8000" } as const;

/** Draws a LunarLander frame: terrain, pad, lander and legs, engine flames. */
export function renderLunarLander(ctx: Canvas2D, frame: LunarLanderSnapshot, size?: Partial<FrameSize>): void {
  const { width, height } = frameSize(ctx, size);
  const scale = (LUNAR.scale * width) / LUNAR.viewportWidth;
  const toCanvas = (p: { x: number; y: number }) => ({ x: p.x * scale, y: height - p.y * scale });
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = LUNAR_STYLE.sky;
  ctx.fillRect(0, 0, width, height);
  // The ground: everything below the terrain polyline.
  fillPolygon(ctx, [{ x: 0, y: height }, ...frame.terrain.map(toCanvas), { x: width, y: height }], LUNAR_STYLE.moon);
  for (const x of [frame.helipad.x1, frame.helipad.x2]) {
    const foot = toCanvas({ x, y: frame.helipad.y });
    strokeLine(ctx, foot, { x: foot.x, y: foot.y - 50 * (scale / LUNAR.scale) }, LUNAR_STYLE.moon, 1);
    fillPolygon(ctx, [{ x: foot.x, y: foot.y - 50 }, { x: foot.x, y: foot.y - 40 }, { x: foot.x + 25, y: foot.y - 45 }], LUNAR_STYLE.flag);
  }
  frame.legs.forEach((leg, k) => fillPolygon(ctx, leg.map(toCanvas), frame.legContact[k] ? LUNAR_STYLE.contact : LUNAR_STYLE.legs));
  const hull = frame.lander.map(toCanvas);
  fillPolygon(ctx, hull, LUNAR_STYLE.lander);
  if (frame.mainEngine > 0) {
    // A flame under the hull's bottom edge, longer at full throttle.
    const bottom = hull.reduce((a, p) => ({ x: a.x + p.x / hull.length, y: Math.max(a.y, p.y) }), { x: 0, y: -Infinity });
    fillPolygon(ctx, [{ x: bottom.x - 6, y: bottom.y }, { x: bottom.x + 6, y: bottom.y }, { x: bottom.x, y: bottom.y + 25 * frame.mainEngine }], LUNAR_STYLE.flame);
  }
}
