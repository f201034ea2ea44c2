// The tour's highlight must not read as a protocol colour (issue 14: #e08a00 was the election
// timer's #e69f00 to the eye, a highlighted follower looked like one whose timer is full). In
// every theme, --tour-hl stays far (CIEDE76 ΔE ≥ 35) from every colour the protocol visuals use:
// roles, timers, messages, terms, partitions, focus, ok/warn/danger.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const read = (rel: string) => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');

/** `--name: #rrggbb` declarations of each theme's block (light is :root / [data-theme='light']). */
function themeColours(css: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const selector = m[1].trim().split('\n').pop() ?? '';
    const theme = /dark/.test(selector) ? 'dark' : /contrast/.test(selector) ? 'contrast' : /:root|light/.test(selector) ? 'light' : null;
    if (theme === null) continue;
    for (const d of m[2].matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b/g)) (out[theme] ??= {})[d[1]] = d[2].toLowerCase();
  }
  return out;
}

function lab(hex: string): [number, number, number] {
  const lin = (c: number) => (c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92);
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255));
  const x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
  const y = r * 0.2126 + g * 0.7152 + b * 0.0722;
  const z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

function deltaE(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** Page chrome, not protocol visuals (backgrounds, text, borders). */
const CHROME = new Set(['--bg', '--panel', '--panel-2', '--fg', '--muted', '--border', '--stage', '--accent-fg', '--term-fg', '--m-glyph', '--link']);

const base = themeColours(read('../styles/base.css'));
const tour = themeColours(read('./tour.css'));

describe('the tour highlight colour', () => {
  it('is defined in every theme', () => {
    for (const theme of ['light', 'dark', 'contrast']) expect(tour[theme]?.['--tour-hl'], theme).toMatch(/^#/);
  });

  it.each(['light', 'dark', 'contrast'])('is far from every protocol colour in the %s theme', (theme) => {
    const hl = tour[theme]['--tour-hl'];
    const protocol = Object.entries(base[theme]).filter(([name]) => !CHROME.has(name));
    expect(protocol.length).toBeGreaterThan(30);
    const nearest = protocol.map(([name, c]) => ({ name, c, d: Math.round(deltaE(hl, c)) })).sort((a, b) => a.d - b.d)[0];
    expect(nearest.d, `--tour-hl ${hl} is close to ${nearest.name} ${nearest.c}`).toBeGreaterThanOrEqual(35);
  });

  it('the old orange was not (the check can fail)', () => {
    expect(deltaE('#e08a00', base.light['--timer'])).toBeLessThan(35);
  });
});
