// The off-screen frame renderer of the video and GIF export: a hidden frame of this same app at
// the export's size (`?export=frames`, frameHost.tsx), showing the run being exported. Frame t is
// the still-image export's SVG at paused time t (export.ts: clusterSvg), drawn onto a canvas with
// the tour's caption burned in. With the logs ('stage+logs') the stage's SVG is drawn where the
// stage sits and the log grid's region (HTML in an SVG foreignObject) under it. The whole app
// ('app') is one such copy of the page in presentation mode, the stage's still image inside it,
// laid out at least 1280 px wide and scaled to the frame. The page the user works in is never moved.

import type { Theme } from '../../store/prefs.ts';
import type { FrameHost } from './frameHost.tsx';
import { framePageSize, type VideoParts } from './options.ts';

export interface FrameRenderer {
  /** Draws the stage at simulated time t onto ctx (the whole canvas). */
  draw(ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D, t: number): Promise<void>;
  /** The SVG the frame at t is drawn from (the still-image export's document at that time). */
  svg(t: number): string;
  /** The theme's colours as the frame page computes them (for the GIF's palette). */
  themeColours(): number[];
  close(): void;
}

const READY_TIMEOUT_MS = 30_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function abortError(): Error {
  return new DOMException('The export was cancelled.', 'AbortError');
}

/**
 * Opens the frame page for the scenario `hash` (a share link's hash, without '#'). `until`: the
 * export's last moment (the whole app's timeline spans the run computed that far).
 */
export async function openFrameRenderer(opts: {
  width: number;
  height: number;
  theme: Theme;
  hash: string;
  parts?: VideoParts;
  until?: number;
  signal?: AbortSignal;
}): Promise<FrameRenderer> {
  const parts = opts.parts ?? 'stage';
  const logs = parts === 'stage+logs';
  const whole = parts === 'app';
  const page = framePageSize({ width: opts.width, height: opts.height, parts });
  const iframe = document.createElement('iframe');
  // off-screen, not hidden: a hidden frame's computed styles would be copied into the SVG as such
  iframe.style.cssText = `position:fixed;left:-${page.width + 10000}px;top:0;width:${page.width}px;height:${page.height}px;border:0;pointer-events:none`;
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.title = 'Video export frames';
  const url = new URL(location.href);
  url.search = logs ? '?export=frames&parts=stage%2Blogs' : whole ? '?export=frames&parts=app' : '?export=frames';
  url.hash = opts.hash;
  iframe.src = url.href;
  document.body.appendChild(iframe);
  const close = () => iframe.remove();
  let host: FrameHost | undefined;
  const started = performance.now();
  try {
    for (;;) {
      if (opts.signal?.aborted === true) throw abortError();
      const w: (Window & { raftlabFrameHost?: FrameHost }) | null = iframe.contentWindow;
      host = w?.raftlabFrameHost;
      const doc = w?.document;
      const ready = doc?.querySelector('.stage > svg.cluster') != null && (!(logs || whole) || doc.querySelector('.bottom [data-testid="log-grid"]') !== null);
      if (host !== undefined && ready && (!whole || doc.querySelector('.timeline') !== null)) break;
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error('The page that draws the frames did not start.');
      await delay(50);
    }
  } catch (err) {
    close();
    throw err;
  }
  const h = host;
  h.prepare(opts.theme, whole ? opts.until : undefined);
  // what resizes after prepare() (a theme's borders, the stage's ResizeObserver) settles first
  const win = iframe.contentWindow;
  if (win !== null) for (let i = 0; i < 2; i++) await new Promise((resolve) => win.requestAnimationFrame(resolve));
  await delay(0);
  const doc = iframe.contentDocument;
  const render = (t: number) => {
    const r = h.render(t);
    if (r === null) throw new Error('The frame page shows no stage.');
    return r;
  };
  return {
    svg: (t) => render(t).svg,
    async draw(ctx, t) {
      const r = render(t);
      if (whole) {
        const shot = await h.app(r.svg);
        if (shot === null) throw new Error('The frame page shows no app.');
        // laid out at least 1280 px wide: a smaller frame is the same picture scaled down
        ctx.imageSmoothingQuality = 'high';
        ctx.drawImage(shot, 0, 0, ctx.canvas.width, ctx.canvas.height);
        return;
      }
      const blobUrl = URL.createObjectURL(new Blob([r.svg], { type: 'image/svg+xml' }));
      try {
        const img = new Image();
        img.src = blobUrl;
        await img.decode();
        if (!logs) {
          // the stage fills the page: the frame is the still image at this size
          ctx.drawImage(img, 0, 0, ctx.canvas.width, ctx.canvas.height);
          return;
        }
        ctx.fillStyle = h.background();
        ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
        ctx.drawImage(img, r.x, r.y, r.width, r.height);
      } finally {
        URL.revokeObjectURL(blobUrl);
      }
      const region = await h.logs();
      if (region === null) throw new Error('The frame page shows no logs.');
      const grid = new Image();
      grid.src = region.url;
      await grid.decode();
      ctx.drawImage(grid, region.x, region.y, region.width, region.height);
    },
    themeColours() {
      if (doc === null) return [];
      const cs = getComputedStyle(doc.documentElement);
      const probe = document.createElement('canvas').getContext('2d');
      if (probe === null) return [];
      const out: number[] = [];
      for (let i = 0; i < cs.length; i++) {
        const name = cs.item(i);
        if (!name.startsWith('--')) continue;
        const v = cs.getPropertyValue(name).trim();
        if (!/^(#[0-9a-f]{3,8}|rgba?\([^)]*\)|hsla?\([^)]*\))$/i.test(v)) continue;
        probe.fillStyle = '#000000';
        probe.fillStyle = v;
        const hex = probe.fillStyle;
        if (/^#[0-9a-f]{6}$/i.test(hex)) out.push(parseInt(hex.slice(1), 16));
      }
      return out;
    },
    close,
  };
}
