// The GIF's palette keeps the theme's colours and the frames' flat fills exact, and its frame
// delays (whole centiseconds) add up to the running time.

import { describe, expect, it } from 'vitest';
import { gifDelays, gifPalette, indexPixels } from './gif.ts';

function image(colours: number[], repeat: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(colours.length * repeat * 4);
  let p = 0;
  for (const c of colours)
    for (let k = 0; k < repeat; k++) {
      out[p++] = (c >> 16) & 255;
      out[p++] = (c >> 8) & 255;
      out[p++] = c & 255;
      out[p++] = 255;
    }
  return out;
}

describe('gifPalette', () => {
  it('keeps every theme colour and flat fill exactly, and maps near colours to near entries', () => {
    const theme = [0x1d2330, 0xf5b700, 0x2e86de, 0xe74c3c];
    // the fills, plus a gradient of 300 anti-aliasing shades (more colours than a GIF holds)
    const shades = Array.from({ length: 300 }, (_, i) => (i << 12) | (i * 7));
    const frame = new Uint8ClampedArray([...image(theme, 2000), ...image([0xffffff], 5000), ...image(shades, 1)]);
    const { palette, exact } = gifPalette([frame], [...theme, 0x123456]);
    expect(palette.length).toBeLessThanOrEqual(256);
    for (const c of [...theme, 0xffffff]) {
      const k = exact.get(c);
      expect(k, c.toString(16)).toBeDefined();
      expect(palette[k ?? 0]).toEqual([(c >> 16) & 255, (c >> 8) & 255, c & 255]);
    }
    // a theme colour absent from the frames takes no place
    expect(exact.has(0x123456)).toBe(false);
    const index = indexPixels(frame, palette, exact);
    for (let i = 0; i < 4 * 2000; i += 2000) expect(palette[index[i]]).toEqual([(theme[i / 2000] >> 16) & 255, (theme[i / 2000] >> 8) & 255, theme[i / 2000] & 255]);
    // an anti-aliasing shade lands on a near colour
    const i = frame.length / 4 - 1;
    const [r, g, b] = palette[index[i]];
    expect(Math.abs(r - frame[4 * i]) + Math.abs(g - frame[4 * i + 1]) + Math.abs(b - frame[4 * i + 2])).toBeLessThan(60);
  });
});

describe('gifDelays', () => {
  it('15 fps: whole centiseconds adding up to the running time', () => {
    const d = gifDelays(15, 15);
    expect(d.every((ms) => ms % 10 === 0)).toBe(true);
    expect(d.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(new Set(d)).toEqual(new Set([60, 70]));
  });
});
