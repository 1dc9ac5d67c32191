/**
 * The part of the browser's CanvasRenderingContext2D that the renderers use, so that a real
 * canvas context, an OffscreenCanvas context in a worker, or the RecordingCanvas below (for Node
 * and tests) can be drawn on.
 */
export interface Canvas2D {
  readonly canvas?: { width: number; height: number };
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  /** Pushes the transform and styles. */
  save(): void;
  /** Pops the transform and styles. */
  restore(): void;
  /** Moves the origin. */
  translate(x: number, y: number): void;
  /** Rotates by `angle` radians. */
  rotate(angle: number): void;
  /** Scales the axes. */
  scale(x: number, y: number): void;
  /** Starts a new path. */
  beginPath(): void;
  /** Closes the current path. */
  closePath(): void;
  /** Starts a subpath at (x, y). */
  moveTo(x: number, y: number): void;
  /** Adds a line to (x, y). */
  lineTo(x: number, y: number): void;
  /** Adds an arc around (x, y). */
  arc(x: number, y: number, radius: number, start: number, end: number): void;
  /** Fills the current path. */
  fill(): void;
  /** Strokes the current path. */
  stroke(): void;
  /** Fills a rectangle. */
  fillRect(x: number, y: number, width: number, height: number): void;
  /** Clears a rectangle. */
  clearRect(x: number, y: number, width: number, height: number): void;
  /** Optional: labels are skipped on contexts without text. */
  fillText?(text: string, x: number, y: number): void;
}

/** One recorded canvas call: the method or property and its arguments. */
export interface DrawCall {
  op: string;
  args: number[];
  /** Style in effect when a fill or stroke happened. */
  style?: string;
  /** Points of the path that a fill or stroke drew, in canvas pixels (transforms applied). */
  path?: { x: number; y: number }[];
  /** The string drawn by fillText. */
  text?: string;
}

interface SavedState {
  matrix: number[];
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
}

/** A Canvas2D that records what is drawn, with transforms applied, instead of drawing it. */
export class RecordingCanvas implements Canvas2D {
  readonly canvas: { width: number; height: number };
  readonly calls: DrawCall[] = [];
  fillStyle: unknown = "#000";
  strokeStyle: unknown = "#000";
  lineWidth = 1;
  // The current transform as [a, b, c, d, e, f] (x' = a x + c y + e, y' = b x + d y + f).
  private matrix = [1, 0, 0, 1, 0, 0];
  // As on a real canvas, save/restore cover the styles as well as the transform.
  private stack: SavedState[] = [];
  private path: { x: number; y: number }[] = [];

  constructor(width = 600, height = 400) {
    this.canvas = { width, height };
  }

  private apply(x: number, y: number): { x: number; y: number } {
    const [a, b, c, d, e, f] = this.matrix;
    return { x: a * x + c * y + e, y: b * x + d * y + f };
  }

  private record(op: string, args: number[], extra: Partial<DrawCall> = {}): void {
    this.calls.push({ op, args, ...extra });
  }

  /** Pushes the transform and styles. */
  save(): void {
    this.stack.push({ matrix: this.matrix.slice(), fillStyle: this.fillStyle, strokeStyle: this.strokeStyle, lineWidth: this.lineWidth });
    this.record("save", []);
  }
  /** Pops the transform and styles. */
  restore(): void {
    // Restoring with nothing saved is a no-op, as on a real canvas.
    const saved = this.stack.pop();
    if (saved) ({ matrix: this.matrix, fillStyle: this.fillStyle, strokeStyle: this.strokeStyle, lineWidth: this.lineWidth } = saved);
    this.record("restore", []);
  }
  /** Moves the origin. */
  translate(x: number, y: number): void {
    const [a, b, c, d, e, f] = this.matrix;
    this.matrix = [a, b, c, d, a * x + c * y + e, b * x + d * y + f];
    this.record("translate", [x, y]);
  }
  /** Rotates by `angle` radians. */
  rotate(angle: number): void {
    const [a, b, c, d, e, f] = this.matrix;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    this.matrix = [a * cos + c * sin, b * cos + d * sin, c * cos - a * sin, d * cos - b * sin, e, f];
    this.record("rotate", [angle]);
  }
  /** Scales the axes. */
  scale(x: number, y: number): void {
    const [a, b, c, d, e, f] = this.matrix;
    this.matrix = [a * x, b * x, c * y, d * y, e, f];
    this.record("scale", [x, y]);
  }
  /** Starts a new path. */
  beginPath(): void {
    this.path = [];
    this.record("beginPath", []);
  }
  /** Closes the current path. */
  closePath(): void {
    if (this.path.length > 0) this.path.push({ ...this.path[0] });
    this.record("closePath", []);
  }
  /** Starts a subpath at (x, y). */
  moveTo(x: number, y: number): void {
    this.path.push(this.apply(x, y));
    this.record("moveTo", [x, y]);
  }
  /** Adds a line to (x, y). */
  lineTo(x: number, y: number): void {
    this.path.push(this.apply(x, y));
    this.record("lineTo", [x, y]);
  }
  /** Adds an arc around (x, y). */
  arc(x: number, y: number, radius: number, start: number, end: number): void {
    this.path.push(this.apply(x, y));
    this.record("arc", [x, y, radius, start, end]);
  }
  /** Fills the current path. */
  fill(): void {
    this.record("fill", [], { style: String(this.fillStyle), path: this.path.slice() });
  }
  /** Strokes the current path. */
  stroke(): void {
    this.record("stroke", [], { style: String(this.strokeStyle), path: this.path.slice() });
  }
  /** Fills a rectangle. */
  fillRect(x: number, y: number, width: number, height: number): void {
    const corners = [this.apply(x, y), this.apply(x + width, y), this.apply(x + width, y + height), this.apply(x, y + height)];
    this.record("fillRect", [x, y, width, height], { style: String(this.fillStyle), path: corners });
  }
  /** Clears a rectangle. */
  clearRect(x: number, y: number, width: number, height: number): void {
    this.record("clearRect", [x, y, width, height]);
  }
  fillText(text: string, x: number, y: number): void {
    this.record("fillText", [x, y], { style: String(this.fillStyle), path: [this.apply(x, y)], text });
  }

  /** Every recorded fill or stroke drawn in `style`. */
  drawn(style: string): DrawCall[] {
    return this.calls.filter((c) => (c.op === "fill" || c.op === "stroke" || c.op === "fillRect") && c.style === style);
  }
}

/** Fills a polygon given in canvas pixels. */
export function fillPolygon(ctx: Canvas2D, points: { x: number; y: number }[], style: string): void {
  ctx.fillStyle = style;
  ctx.beginPath();
  points.forEach((p, k) => (k === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
  ctx.closePath();
  ctx.fill();
}

export function strokeLine(ctx: Canvas2D, from: { x: number; y: number }, to: { x: number; y: number }, style: string, width: number): void {
  ctx.strokeStyle = style;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x, to.y);
  ctx.stroke();
}

/** Frame size in pixels for the renderers' optional size argument. */
export interface FrameSize {
  width: number;
  height: number;
}

/** An explicit size wins, then the context's canvas, then Gymnasium's 600×400. */
export function frameSize(ctx: Canvas2D, size?: Partial<FrameSize>): FrameSize {
  return { width: size?.width ?? ctx.canvas?.width ?? 600, height: size?.height ?? ctx.canvas?.height ?? 400 };
}
