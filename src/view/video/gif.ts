// The GIF's colours (issue 16): one palette for every frame that holds the theme's colours and
// the frames' flat fills exactly (gifenc quantises the rest: anti-aliased edges), pixels mapped
// to it, and frame delays in whole centiseconds that add up to the exact running time. Pure.

import { nearestColorIndex, quantize, type Palette } from 'gifenc';

/** GIF frame delays in ms, whole centiseconds that add up to the exact running time. */
export function gifDelays(frames: number, fps: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < frames; k++) out.push(Math.round(((k + 1) * 100) / fps) * 10 - Math.round((k * 100) / fps) * 10);
  return out;
}

/**
 * The GIF's one palette: the theme's colours and the colours covering the most pixels of sample
 * frames, exactly (flat fills: backgrounds, roles, terms, text), then gifenc's quantisation of the
 * samples for the rest (anti-aliased edges). Returns the palette and a colour → index lookup.
 */
export function gifPalette(samples: readonly Uint8ClampedArray[], theme: readonly number[]): { palette: Palette; exact: Map<number, number> } {
  const counts = new Map<number, number>();
  let pixels = 0;
  for (const s of samples) {
    for (let p = 0; p < s.length; p += 4) {
      const c = (s[p] << 16) | (s[p + 1] << 8) | s[p + 2];
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    pixels += s.length / 4;
  }
  const chosen: number[] = [];
  const seen = new Set<number>();
  const take = (c: number) => {
    if (!seen.has(c) && chosen.length < 160) {
      seen.add(c);
      chosen.push(c);
    }
  };
  // the theme's colours that appear in the frames, then the most frequent exact colours
  for (const c of theme) if ((counts.get(c) ?? 0) > 0) take(c);
  const frequent = [...counts].filter(([, n]) => n >= pixels * 0.0002).sort((a, b) => b[1] - a[1]);
  for (const [c] of frequent) take(c);
  const palette: Palette = chosen.map((c) => [(c >> 16) & 255, (c >> 8) & 255, c & 255]);
  const joined = new Uint8ClampedArray(samples.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of samples) {
    joined.set(s, at);
    at += s.length;
  }
  for (const rgb of quantize(joined, 256 - palette.length)) if (palette.length < 256) palette.push(rgb.slice(0, 3));
  const exact = new Map<number, number>();
  palette.forEach((rgb, i) => {
    const c = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
    if (!exact.has(c)) exact.set(c, i);
  });
  return { palette, exact };
}

/** Each pixel's palette index: exact colours exactly, others the nearest (remembered in `cache`). */
export function indexPixels(rgba: Uint8ClampedArray, palette: Palette, cache: Map<number, number>): Uint8Array {
  const out = new Uint8Array(rgba.length / 4);
  let last = -1;
  let lastIndex = 0;
  for (let p = 0, i = 0; p < rgba.length; p += 4, i++) {
    const c = (rgba[p] << 16) | (rgba[p + 1] << 8) | rgba[p + 2];
    if (c !== last) {
      // runs of one colour (flat fills) skip the lookup
      let k = cache.get(c);
      if (k === undefined) {
        k = nearestColorIndex(palette, [rgba[p], rgba[p + 1], rgba[p + 2]]);
        cache.set(c, k);
      }
      last = c;
      lastIndex = k;
    }
    out[i] = lastIndex;
  }
  return out;
}

