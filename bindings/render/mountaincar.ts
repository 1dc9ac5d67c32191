/** MountainCarContinuous-v0 frames: the hill y = 0.45 sin(3x) + 0.55, the car tilted with the slope, the goal flag. */
import { MOUNTAIN_CAR } from "../envs/mountaincar.js";
import { type Canvas2D, type FrameSize, fillPolygon, frameSize, strokeLine } from "./canvas.js";

export const MOUNTAINCAR_STYLE = { hill: "#000000", car: "#000000", flag: "#cccc00" } as const;

export const hillHeight = (x: number): number => Math.sin(3 * x) * 0.45 + 0.55;

/** Draws state [position, velocity]. */
export function renderMountainCar(ctx: Canvas2D, state: readonly number[], size?: Partial<FrameSize>): void {
  const { width, height } = frameSize(ctx, size);
  const { minPosition, maxPosition, goalPosition } = MOUNTAIN_CAR;
  const scale = width / (maxPosition - minPosition);
  const toCanvas = (x: number, y: number) => ({ x: (x - minPosition) * scale, y: height - y * scale });
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = MOUNTAINCAR_STYLE.hill;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let k = 0; k <= 100; k++) {
    const x = minPosition + ((maxPosition - minPosition) * k) / 100;
    const p = toCanvas(x, hillHeight(x));
    if (k === 0) ctx.moveTo(p.x, p.y);
    else ctx.lineTo(p.x, p.y);
  }
  ctx.stroke();
  const [position] = state;
  const base = toCanvas(position, hillHeight(position));
  // Tilt the 40×20 px car with the hill's slope dy/dx = 1.35 cos(3x), as seen on screen.
  const angle = Math.atan(1.35 * Math.cos(3 * position));
  ctx.save();
  ctx.translate(base.x, base.y);
  ctx.rotate(-angle);
  fillPolygon(ctx, [{ x: -20, y: -10 }, { x: 20, y: -10 }, { x: 20, y: -30 }, { x: -20, y: -30 }], MOUNTAINCAR_STYLE.car);
  ctx.restore();
  const flag = toCanvas(goalPosition, hillHeight(goalPosition));
  strokeLine(ctx, flag, { x: flag.x, y: flag.y - 50 }, MOUNTAINCAR_STYLE.hill, 1);
  fillPolygon(ctx, [{ x: flag.x, y: flag.y - 50 }, { x: flag.x, y: flag.y - 40 }, { x: flag.x + 25, y: flag.y - 45 }], MOUNTAINCAR_STYLE.flag);
}
