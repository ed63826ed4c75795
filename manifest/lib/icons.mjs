// Draws MeetingBot's two Teams icons from shapes, so the PNGs in the package are reproducible from code.
import { PNG } from 'pngjs';

export const ACCENT_COLOR = '#2F6FDE';
const ACCENT = [0x2f, 0x6f, 0xde];
const WHITE = [0xff, 0xff, 0xff];

/** A video camera glyph (body plus lens wedge) in a unit square: true where the glyph is. */
function isCameraGlyph(u, v) {
  const inBody = u >= 0.12 && u <= 0.64 && v >= 0.28 && v <= 0.72;
  // The lens is a wedge widening to the right, from the body's edge to the glyph's edge.
  const t = (u - 0.64) / (0.88 - 0.64);
  const halfHeight = 0.08 + t * 0.16;
  const inLens = t >= 0 && t <= 1 && Math.abs(v - 0.5) <= halfHeight;
  return inBody || inLens;
}

function isInsideRoundedSquare(x, y, size, radius) {
  const cx = Math.min(Math.max(x, radius), size - radius);
  const cy = Math.min(Math.max(y, radius), size - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function draw(size, colorAt) {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = colorAt(x + 0.5, y + 0.5);
      const i = (y * size + x) * 4;
      png.data[i] = r; png.data[i + 1] = g; png.data[i + 2] = b; png.data[i + 3] = a;
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** 192×192 full-colour icon: white camera on the accent-coloured rounded square. */
export function drawColorIcon() {
  const size = 192;
  return draw(size, (x, y) => {
    if (!isInsideRoundedSquare(x, y, size, 36)) return [0, 0, 0, 0];
    return isCameraGlyph(x / size, y / size) ? [...WHITE, 255] : [...ACCENT, 255];
  });
}

/** 32×32 outline icon: white camera on a fully transparent background, as Teams requires. */
export function drawOutlineIcon() {
  const size = 32;
  return draw(size, (x, y) => (isCameraGlyph(x / size, y / size) ? [...WHITE, 255] : [0, 0, 0, 0]));
}
