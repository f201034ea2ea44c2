// Export for slides and notebooks: the scenario as .json, the trace as JSON, the cluster view
// and the space-time diagram as standalone SVG (every computed style written inline, so the
// file looks the same outside the app) and the cluster view as PNG.
// The serialisers are pure (tested in export.test.ts); the DOM parts run in the browser only.

import type { Scenario } from '../scenario/format.ts';
import type { TraceEvent } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { messagesForExport } from './stage/MessageCanvas.tsx';

// ------------------------------------------------------------------ pure

/** The trace as a JSON document: what ran (the scenario) and every event up to `until`. */
export function traceToJson(scenario: Scenario, events: readonly TraceEvent[], until: number): string {
  return (
    JSON.stringify(
      { format: 'raftlab-trace', version: 1, until, scenario, events },
      (_k, v: unknown): unknown => (v instanceof Map ? (Object.fromEntries(v) as unknown) : v instanceof Set ? [...(v as Set<unknown>)] : v),
      1,
    ) + '\n'
  );
}

/** A file name from a title: lower case, ASCII letters, digits and dashes. */
export function fileBase(title: string | undefined, fallback = 'raftlab'): string {
  const base = (title ?? '')
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .slice(0, 60)
    .replace(/^-|-$/g, '');
  return base === '' ? fallback : base;
}

/** Presentation properties copied inline into exported SVG. */
export const SVG_STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
] as const;

/** A style attribute from property/value pairs; values with markup-breaking characters are dropped. */
export function inlineStyle(pairs: readonly (readonly [string, string])[]): string {
  // Computed font families come quoted ("Inter", sans-serif): single quotes keep them (dropping
  // the value drew every export in the default serif); angle brackets are never a style value.
  return pairs
    .map(([k, v]) => [k, v.replace(/"/g, "'")] as const)
    .filter(([, v]) => v !== '' && !/[<>;]/.test(v))
    .map(([k, v]) => `${k}:${v}`)
    .join(';');
}

// ------------------------------------------------------------------ DOM

export function download(name: string, data: string | Blob, type = 'application/json'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function inlineTree(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  if (cs.display === 'none') {
    dst.setAttribute('display', 'none');
    return;
  }
  const style = inlineStyle(SVG_STYLE_PROPS.map((p) => [p, cs.getPropertyValue(p)] as const));
  if (style !== '') dst.setAttribute('style', style);
  dst.removeAttribute('class');
  const a = src.children;
  const b = dst.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineTree(a[i], b[i]);
}

/** Several stacked SVG layers as one standalone SVG document. */
export function standaloneSvg(layers: readonly SVGSVGElement[], background: string | null): { svg: string; width: number; height: number } {
  const first = layers[0];
  const box = first.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const ns = 'http://www.w3.org/2000/svg';
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  const vb = first.getAttribute('viewBox');
  out.setAttribute('viewBox', vb ?? `0 0 ${width} ${height}`);
  if (background !== null) {
    const bg = document.createElementNS(ns, 'rect');
    bg.setAttribute('x', '-10000');
    bg.setAttribute('y', '-10000');
    bg.setAttribute('width', '20000');
    bg.setAttribute('height', '20000');
    bg.setAttribute('fill', background);
    out.appendChild(bg);
  }
  for (const layer of layers) {
    const g = document.createElementNS(ns, 'g');
    for (const child of [...layer.children]) {
      const copy = child.cloneNode(true) as Element;
      inlineTree(child, copy);
      g.appendChild(copy);
    }
    out.appendChild(g);
  }
  // interactive attributes mean nothing in a file
  for (const el of out.querySelectorAll('[tabindex],[role],[aria-pressed]')) {
    el.removeAttribute('tabindex');
    el.removeAttribute('role');
    el.removeAttribute('aria-pressed');
  }
  return { svg: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out), width, height };
}

function pageBackground(): string {
  const bg = getComputedStyle(document.body).backgroundColor;
  return bg === '' || bg === 'rgba(0, 0, 0, 0)' ? '#ffffff' : bg;
}

export function clusterSvg(): { svg: string; width: number; height: number } | null {
  const layers = [...document.querySelectorAll<SVGSVGElement>('.stage > svg.cluster')];
  if (layers.length === 0) return null;
  // the messages are painted on a canvas: for the file they are drawn as SVG, styled like the
  // rest, in the top layer for the moment of the export
  const messages = messagesForExport(document, useApp.getState().displayedTime);
  const top = layers[layers.length - 1];
  if (messages !== null) top.appendChild(messages);
  try {
    return standaloneSvg(layers, pageBackground());
  } finally {
    messages?.remove();
  }
}

export function spaceTimeSvg(): { svg: string; width: number; height: number } | null {
  const el = document.querySelector<SVGSVGElement>('svg[data-testid="spacetime"]');
  if (el === null) return null;
  return standaloneSvg([el], pageBackground());
}

/** Rasterises an SVG document to PNG at `scale` × its size. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The image could not be drawn.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('No 2D canvas in this browser.');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b === null ? reject(new Error('PNG encoding failed.')) : resolve(b)), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
