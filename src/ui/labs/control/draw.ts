// Draws one environment frame on a 2-D canvas (pendulum, mountain car, point mass, reacher).
import type { EnvFrame } from '../../../control/envs/index.ts';
import { MOUNTAIN_CAR } from '../../../control/envs/mountainCar.ts';

const INK = '#1f2937';
const ACCENT = '#dc2626';
const TARGET = '#16a34a';

export function drawFrame(ctx: CanvasRenderingContext2D, frame: EnvFrame, width: number, height: number): void {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#f8fafc';
  ctx.fillRect(0, 0, width, height);
  const s = Math.min(width, height) / 2.4; // world units → pixels (a 2.4-wide view)
  const cx = width / 2;
  const cy = height / 2;
  ctx.lineCap = 'round';
  switch (frame.kind) {
    case 'pendulum': {
      // θ = 0 is upright; the rod points from the pivot at angle θ from the vertical.
      const x = cx + s * Math.sin(frame.theta);
      const y = cy - s * Math.cos(frame.theta);
      ctx.strokeStyle = INK;
      ctx.lineWidth = 8;
      line(ctx, cx, cy, x, y);
      circle(ctx, x, y, 10, ACCENT);
      circle(ctx, cx, cy, 4, INK);
      // Torque arc: length and direction show u.
      ctx.strokeStyle = '#2563eb';
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.arc(cx, cy, 22, -Math.PI / 2, -Math.PI / 2 + (frame.torque / 2) * Math.PI * 0.8, frame.torque < 0);
      ctx.stroke();
      break;
    }
    case 'mountain-car': {
      const { minPosition, maxPosition, goalPosition } = MOUNTAIN_CAR;
      const toX = (p: number) => ((p - minPosition) / (maxPosition - minPosition)) * (width - 20) + 10;
      const toY = (p: number) => height * 0.85 - Math.sin(3 * p) * height * 0.3;
      ctx.strokeStyle = INK;
      ctx.lineWidth = 2;
      ctx.beginPath();
      for (let i = 0; i <= 100; i++) {
        const p = minPosition + ((maxPosition - minPosition) * i) / 100;
        if (i === 0) ctx.moveTo(toX(p), toY(p));
        else ctx.lineTo(toX(p), toY(p));
      }
      ctx.stroke();
      ctx.strokeStyle = TARGET;
      line(ctx, toX(goalPosition), toY(goalPosition), toX(goalPosition), toY(goalPosition) - 30);
      circle(ctx, toX(frame.position), toY(frame.position) - 8, 8, ACCENT);
      ctx.strokeStyle = '#2563eb';
      ctx.lineWidth = 3;
      line(ctx, toX(frame.position), toY(frame.position) - 8, toX(frame.position) + 20 * frame.force, toY(frame.position) - 8);
      break;
    }
    case 'point-mass': {
      const toPx = (x: number, y: number): [number, number] => [cx + s * x, cy - s * y];
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1;
      ctx.strokeRect(cx - s, cy - s, 2 * s, 2 * s);
      const [tx, ty] = toPx(...frame.target);
      circle(ctx, tx, ty, 7, TARGET);
      const [px, py] = toPx(...frame.position);
      circle(ctx, px, py, 8, ACCENT);
      ctx.strokeStyle = '#2563eb';
      ctx.lineWidth = 3;
      line(ctx, px, py, px + 20 * frame.action[0], py - 20 * frame.action[1]);
      break;
    }
    case 'reacher': {
      const toPx = (x: number, y: number): [number, number] => [cx + s * x, cy - s * y];
      ctx.strokeStyle = '#cbd5e1';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(cx, cy, s, 0, 2 * Math.PI);
      ctx.stroke();
      const [tx, ty] = toPx(...frame.target);
      circle(ctx, tx, ty, 7, TARGET);
      let x = 0;
      let y = 0;
      let phi = 0;
      ctx.strokeStyle = INK;
      ctx.lineWidth = 5;
      for (const q of frame.angles) {
        phi += q;
        const nx = x + frame.linkLength * Math.cos(phi);
        const ny = y + frame.linkLength * Math.sin(phi);
        line(ctx, ...toPx(x, y), ...toPx(nx, ny));
        circle(ctx, ...toPx(x, y), 4, '#64748b');
        x = nx;
        y = ny;
      }
      circle(ctx, ...toPx(x, y), 6, ACCENT);
      break;
    }
  }
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}

function circle(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, fill: string): void {
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fill();
}
