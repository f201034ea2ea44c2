// The messages in flight, painted on a canvas. With hundreds of messages and dozens arriving
// and leaving every frame (10× speed), SVG elements cost most of a frame: made, styled, laid
// out and repainted each. Painting them costs well under a millisecond (an ordinary message is
// one image drawn, painted once for its look: messageImage). They keep their look
// (the same shapes, colours from the theme's CSS variables, glyphs and labels as the legend),
// are found under the pointer by `hitTest`, and become SVG again for export (`messagesSvg`).

import type { MessageView } from '../sim/index.ts';
import { messageLabel } from '../store/describe.ts';
import { messageProgress, pointAlong, polygonPoints, starPoints, type Point, type Segment } from './geometry.ts';
import { MESSAGE_SIZE, messageClass } from './Glyphs.tsx';
import { messageStyle, type Shape } from './visuals.ts';

export interface MessageDraw {
  m: MessageView;
  lane: Segment;
  /** Where a message held by the manual network waits (fraction of its lane), else null. */
  waiting: number | null;
  selected: boolean;
  /** Part of a "Why?" answer. */
  why: boolean;
  /** It will not get through (a cut link or a crashed receiver). */
  doomed: boolean;
  /** Highlighted by the current tour step. */
  highlighted: boolean;
}

export interface DrawOptions {
  /** Every message shows its type beside it (else only the selected one). */
  labels: boolean;
  /** Glyph scale (larger in presentation mode). */
  scale: number;
}

/** The theme's colours, read from CSS custom properties. */
export interface Palette {
  byClass: Map<string, string>;
  stage: string;
  fg: string;
  focus: string;
  glyph: string;
  danger: string;
  tourHighlight: string;
  font: string;
}

export function messagePoint(d: Pick<MessageDraw, 'm' | 'lane' | 'waiting'>, t: number): Point {
  return pointAlong(d.lane, d.waiting ?? messageProgress(d.m, t));
}

/** The outline of a message's shape centred on (0, 0), as SVG path data (also a Path2D). */
export function shapePath(shape: Shape, size: number): string {
  const s = round(size);
  switch (shape) {
    case 'circle':
      return `M${-s},0a${s},${s} 0 1,0 ${2 * s},0a${s},${s} 0 1,0 ${-2 * s},0Z`;
    case 'square': {
      const r = round(size * 0.25);
      const e = round(2 * s - 2 * r);
      return `M${round(-s + r)},${-s}h${e}a${r},${r} 0 0 1 ${r},${r}v${e}a${r},${r} 0 0 1 ${-r},${r}h${-e}a${r},${r} 0 0 1 ${-r},${-r}v${-e}a${r},${r} 0 0 1 ${r},${-r}Z`;
    }
    case 'triangle':
      return closed(polygonPoints(3, size * 1.25));
    case 'diamond':
      return closed(polygonPoints(4, size * 1.3));
    case 'hexagon':
      return closed(polygonPoints(6, size * 1.08, Math.PI / 6));
    case 'star':
      return closed(starPoints(5, size * 1.45, size * 0.7));
  }
}

function closed(points: string): string {
  return `M${points.replace(/ /g, 'L')}Z`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** What a message's hover label says: its id, type, route and fate. */
export function hoverLabel(d: Pick<MessageDraw, 'm' | 'waiting' | 'doomed'>): string {
  return `#${d.m.id} ${messageLabel(d.m)}: ${d.m.from} → ${d.m.to}${d.waiting !== null ? ' (waiting for you to deliver it)' : ''}${d.doomed ? ' — will not get through' : ''}`;
}

/** The message drawn at (x, y) at time t (the one on top when several are), or null. */
export function hitTest(draws: readonly MessageDraw[], t: number, x: number, y: number, scale: number): MessageDraw | null {
  const reach = (MESSAGE_SIZE + 5) * scale;
  for (let i = draws.length - 1; i >= 0; i--) {
    const p = messagePoint(draws[i], t);
    if (Math.abs(p.x - x) <= reach && Math.abs(p.y - y) <= reach) return draws[i];
  }
  return null;
}

const MESSAGE_CLASSES = ['m-vote', 'm-granted', 'm-denied', 'm-append', 'm-heartbeat', 'm-ok', 'm-fail', 'm-snapshot', 'm-timeoutnow', 'm-client'];

export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    byClass: new Map(MESSAGE_CLASSES.map((c) => [c, v(`--${c}`, '#888888')])),
    stage: v('--stage', '#ffffff'),
    fg: v('--fg', '#000000'),
    focus: v('--focus', '#c2410c'),
    glyph: v('--m-glyph', '#ffffff'),
    danger: v('--danger', '#c00000'),
    tourHighlight: v('--tour-hl', '#e08a00'),
    font: cs.fontFamily || 'sans-serif',
  };
}

const paths = new Map<string, Path2D>();
function path2d(shape: Shape, size: number): Path2D {
  const key = `${shape}:${size}`;
  let p = paths.get(key);
  if (p === undefined) {
    p = new Path2D(shapePath(shape, size));
    paths.set(key, p);
  }
  return p;
}

/**
 * Paints the messages as they are at time t. `base` maps stage pixels to the canvas (its
 * device-pixel ratio). Shapes first, then the text grouped by font: a canvas parses every font
 * string it is given, and that, once per message, was most of the painting's cost.
 */
export function drawMessages(ctx: CanvasRenderingContext2D, draws: readonly MessageDraw[], t: number, palette: Palette, o: DrawOptions, base = 1): void {
  interface Text {
    text: string;
    x: number;
    y: number;
    fill: string;
    alpha: number;
    outlined: boolean;
  }
  const texts = new Map<string, Text[]>();
  const addText = (font: string, item: Text) => {
    const list = texts.get(font);
    if (list === undefined) texts.set(font, [item]);
    else list.push(item);
  };
  let dashed = false;
  const setDash = (on: boolean, pattern: number[]) => {
    if (on || dashed) ctx.setLineDash(on ? pattern : []);
    dashed = on;
  };
  for (const d of draws) {
    const st = messageStyle(d.m);
    const color = palette.byClass.get(st.cls) ?? palette.fg;
    const size = MESSAGE_SIZE * st.size * o.scale;
    const p = messagePoint(d, t);
    const alpha = d.doomed ? 0.75 : 1;
    ctx.globalAlpha = alpha;
    if (!d.selected && !d.why && !d.highlighted) {
      // an ordinary message: its image, painted once for its look (the marked ones are drawn below)
      const img = messageImage(st, color, size, d.waiting !== null, d.doomed, palette, base);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.drawImage(img, Math.round(p.x * base - img.width / 2), Math.round(p.y * base - img.height / 2));
      if (o.labels) addText(`10px ${palette.font}`, { text: messageLabel(d.m), x: p.x + 11, y: p.y - 9, fill: palette.fg, alpha, outlined: true });
      if (d.doomed) addText(`700 10px ${palette.font}`, { text: '✗', x: p.x, y: p.y - 12, fill: palette.danger, alpha, outlined: true });
      continue;
    }
    ctx.setTransform(base, 0, 0, base, p.x * base, p.y * base);
    if (d.selected || d.why) {
      ctx.beginPath();
      ctx.arc(0, 0, 14, 0, 2 * Math.PI);
      setDash(true, [3, 2]);
      ctx.lineWidth = 2;
      ctx.strokeStyle = palette.focus;
      ctx.stroke();
    }
    const shape = path2d(st.shape, size);
    ctx.fillStyle = st.hollow ? palette.stage : color;
    ctx.fill(shape);
    setDash(st.dashed || d.doomed, [2, 2]);
    if (d.highlighted) {
      ctx.strokeStyle = palette.tourHighlight;
      ctx.lineWidth = 5;
    } else if (d.selected || d.why) {
      ctx.strokeStyle = palette.focus;
      ctx.lineWidth = 3;
    } else if (d.waiting !== null) {
      ctx.strokeStyle = palette.fg;
      ctx.lineWidth = 2;
    } else {
      ctx.strokeStyle = color;
      ctx.lineWidth = 1.5;
    }
    ctx.stroke(shape);
    if (st.glyph !== '') {
      const y = p.y + (st.shape === 'triangle' ? size * 0.22 : 0);
      addText(`800 ${Math.max(8, size * 1.05)}px ${palette.font}`, { text: st.glyph, x: p.x, y, fill: st.hollow ? palette.fg : palette.glyph, alpha, outlined: false });
    }
    if (o.labels || d.selected) addText(`10px ${palette.font}`, { text: messageLabel(d.m), x: p.x + 11, y: p.y - 9, fill: palette.fg, alpha, outlined: true });
    if (d.doomed) addText(`700 10px ${palette.font}`, { text: '✗', x: p.x, y: p.y - 12, fill: palette.danger, alpha, outlined: true });
  }
  setDash(false, []);
  ctx.setTransform(base, 0, 0, base, 0, 0);
  ctx.lineWidth = 3;
  ctx.strokeStyle = palette.stage;
  for (const [font, list] of texts) {
    ctx.font = font;
    for (const x of list) {
      ctx.globalAlpha = x.alpha;
      // glyphs sit centred in their shape; labels and marks on a baseline, outlined to stay legible
      ctx.textAlign = x.outlined && x.text !== '✗' ? 'left' : 'center';
      ctx.textBaseline = x.outlined ? 'alphabetic' : 'middle';
      if (x.outlined) ctx.strokeText(x.text, x.x, x.y);
      ctx.fillStyle = x.fill;
      ctx.fillText(x.text, x.x, x.y);
    }
  }
  ctx.globalAlpha = 1;
}

/** Images of ordinary messages by look, for each palette (a theme's colours). */
const images = new WeakMap<Palette, Map<string, HTMLCanvasElement>>();

/**
 * A message's shape, outline and glyph as an image centred on its middle (device pixels): drawn
 * once for each look, then one drawImage a message a frame — a path's fill and stroke and a
 * glyph's text each frame were most of the stage's painting under heavy load.
 */
function messageImage(st: ReturnType<typeof messageStyle>, color: string, size: number, waiting: boolean, doomed: boolean, palette: Palette, base: number): HTMLCanvasElement {
  let cache = images.get(palette);
  if (cache === undefined) {
    cache = new Map();
    images.set(palette, cache);
  }
  const key = `${st.cls}|${st.shape}|${st.hollow ? 'h' : ''}${st.dashed ? 'd' : ''}|${st.glyph}|${color}|${size}|${waiting ? 'w' : ''}${doomed ? 'x' : ''}|${base}`;
  let img = cache.get(key);
  if (img !== undefined) return img;
  if (cache.size > 300) cache.clear();
  const half = Math.ceil((size + 4) * base);
  img = document.createElement('canvas');
  img.width = 2 * half;
  img.height = 2 * half;
  const c = img.getContext('2d');
  if (c !== null) {
    c.setTransform(base, 0, 0, base, half, half);
    const shape = path2d(st.shape, size);
    c.fillStyle = st.hollow ? palette.stage : color;
    c.fill(shape);
    c.setLineDash(st.dashed || doomed ? [2, 2] : []);
    c.strokeStyle = waiting ? palette.fg : color;
    c.lineWidth = waiting ? 2 : 1.5;
    c.stroke(shape);
    if (st.glyph !== '') {
      c.setLineDash([]);
      c.font = `800 ${Math.max(8, size * 1.05)}px ${palette.font}`;
      c.textAlign = 'center';
      c.textBaseline = 'middle';
      c.fillStyle = st.hollow ? palette.fg : palette.glyph;
      c.fillText(st.glyph, 0, st.shape === 'triangle' ? size * 0.22 : 0);
    }
  }
  cache.set(key, img);
  return img;
}

/**
 * The messages as SVG elements with the app's classes (`g.msg` holding `.shape`, `text.glyph`,
 * `text.mlabel`), for export: the exporter writes their computed styles inline.
 */
export function messagesSvg(doc: Document, draws: readonly MessageDraw[], t: number, o: DrawOptions): SVGGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const el = <K extends keyof SVGElementTagNameMap>(tag: K, parent: Element, attrs: Record<string, string>): SVGElementTagNameMap[K] => {
    const e = doc.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    parent.appendChild(e);
    return e;
  };
  const root = doc.createElementNS(ns, 'g');
  root.setAttribute('class', 'messages');
  for (const d of draws) {
    const st = messageStyle(d.m);
    const size = MESSAGE_SIZE * st.size * o.scale;
    const p = messagePoint(d, t);
    const cls = `${messageClass(d.m)}${d.selected ? ' selected' : ''}${d.why ? ' why' : ''}${d.doomed ? ' doomed' : ''}${d.waiting !== null ? ' waiting' : ''}`;
    const g = el('g', root, { class: cls, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})`, 'data-message': String(d.m.id) });
    if (d.selected || d.why) el('circle', g, { class: 'msg-halo', r: '14' });
    const shape = el('path', g, { class: 'shape', d: shapePath(st.shape, size) });
    if (st.dashed) shape.setAttribute('stroke-dasharray', '2 2');
    if (st.glyph !== '') {
      const glyph = el('text', g, { class: 'glyph', y: String(st.shape === 'triangle' ? round(size * 0.22) : 0), style: `font-size:${Math.max(8, size * 1.05)}px` });
      glyph.textContent = st.glyph;
    }
    if (o.labels || d.selected) el('text', g, { class: 'mlabel', x: '11', y: '-9' }).textContent = messageLabel(d.m);
    if (d.doomed) el('text', g, { class: 'drop-burst-text', x: '0', y: '-12', 'text-anchor': 'middle' }).textContent = '✗';
  }
  return root;
}
