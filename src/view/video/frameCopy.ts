// Copying the frame page's HTML as images (video and GIF export, issue 16): the log grid
// ('stage+logs') and the whole app ('app', presentation mode) through html-to-image — HTML in an
// SVG foreignObject, every computed style inlined. The whole app is copied in pieces (toolbar,
// side panel, logs, timeline, the stage's words and buttons over its still image), and a piece
// whose markup has not changed since the last frame is not copied again: between two frames
// usually only the toolbar's time, the timeline's handle and the stage change.

import { standaloneSvg } from '../export.ts';

/**
 * The copy html-to-image draws is not scrolled: a grid that follows its tail (scrolled left by s)
 * is shifted by -s instead while it is copied, and what sticks to its left edge (the server
 * names) back by +s, so the copy shows what the scrolled grid shows. Returns the undo.
 */
export function holdScroll(region: HTMLElement): () => void {
  const undo: (() => void)[] = [];
  for (const scroller of region.querySelectorAll<HTMLElement>('[data-testid="log-grid"]')) {
    const s = scroller.scrollLeft;
    const inner = scroller.firstElementChild;
    if (s === 0 || !(inner instanceof HTMLElement)) continue;
    const shift = (el: HTMLElement, dx: number) => {
      const before = el.style.transform;
      el.style.transform = `translateX(${dx}px)`;
      undo.push(() => (el.style.transform = before));
    };
    shift(inner, -s);
    for (const el of inner.querySelectorAll<HTMLElement>('*')) {
      const cs = getComputedStyle(el);
      if (cs.position === 'sticky' && cs.left !== 'auto') shift(el, s);
    }
  }
  return () => undo.reverse().forEach((f) => f());
}

/** An SVG image's data: URL (the copy's images must be inside it: an SVG image loads nothing else). */
function svgUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** What only passes (toasts, menus, dialogs, screen-reader text) is left out of the copy. */
const TRANSIENT = '.toasts, .menu, .popover, dialog, .above-modal, .sr-only';

/**
 * Computed style properties that do not change how a still HTML page looks (motion, scrolling,
 * interaction, printing, SVG-only, and the logical twins of the physical box properties, which
 * the copy inlines anyway): left out, each element carries some 195 of Chromium's 474 computed
 * properties, and the whole app's frame was drawn about twice as fast (1.2 s → 0.6 s, loaded machine).
 */
const UNSEEN =
  /^(animation|anchor|app-region|break-|buffered|caret|column-(?!gap)|contain-intrinsic|container|content-visibility|corner-|counter-|cursor|cx$|cy$|d$|r$|rx$|ry$|x$|y$|dynamic-range|field-sizing|flood|lighting|marker|mask|math|offset-|orphans|widows|overscroll|overflow-(anchor|block|inline|clip)|overlay|position-(anchor|area|try|visibility)|print|quotes|reading|resize|ruby|rule-|row-rule|scroll(?!bar-width)|shape-|speak|stop-|stroke|fill|clip-rule|text-box|timeline|touch-action|transition|trigger|interactivity|interest|user-select|pointer-events|view-|will-change|color-interpolation|color-rendering|vector-effect|paint-order|alignment-baseline|baseline-shift|dominant-baseline|text-anchor|hyphenate|initial-letter|-webkit-(?!line-clamp|box-orient|text-fill-color))|-(block|inline)(-|$)|^(block|inline)-size$|^inset-|^border-(start|end)-|^(min|max)-(block|inline)-size$/;

/**
 * The computed style properties the whole app's copy inlines: not the custom properties (every
 * value is already resolved) nor what cannot be seen (UNSEEN). html-to-image writes 'font-size'
 * rounded down (the text would wrap differently); spelled 'Font-Size' (CSS property names are
 * case-insensitive) it is copied exactly.
 */
let appStyleProps: string[] | null = null;
function appStyleProperties(): string[] {
  appStyleProps ??= [...getComputedStyle(document.documentElement)].filter((p) => !p.startsWith('--') && !UNSEEN.test(p)).map((p) => (p === 'font-size' ? 'Font-Size' : p));
  return appStyleProps;
}

/**
 * html-to-image copies an inline SVG without its styles (an SVG image has no style sheet, so its
 * classes' fills come out black): each SVG of `root` outside the stage is swapped, while it is
 * copied, for an image of the standalone SVG the still export makes of it. Returns the undo.
 */
function svgsAsImages(root: HTMLElement): () => void {
  const undo: (() => void)[] = [];
  for (const svg of root.querySelectorAll<SVGSVGElement>('svg')) {
    if (svg.closest('.stage') !== null || svg.parentElement?.closest('svg') != null) continue;
    const cs = getComputedStyle(svg);
    if (cs.display === 'none') continue;
    const box = svg.getBoundingClientRect();
    const img = document.createElement('img');
    img.alt = '';
    img.src = svgUrl(standaloneSvg([svg], null).svg);
    img.style.cssText = `display:${cs.display};width:${box.width}px;height:${box.height}px;margin:${cs.margin};vertical-align:${cs.verticalAlign};flex:none`;
    const display = svg.style.display;
    svg.before(img);
    svg.style.display = 'none';
    undo.push(() => {
      img.remove();
      svg.style.display = display;
    });
  }
  return () => undo.forEach((f) => f());
}

interface Piece {
  el: HTMLElement;
  /** The markup the copy depends on (null: copied every frame). */
  key: string | null;
  /** Which nodes of `el` the copy leaves out. */
  skip: (n: Element) => boolean;
}

interface Copied {
  key: string;
  x: number;
  y: number;
  image: HTMLImageElement;
}

/** The whole app's copier: draws the app as last rendered, its stage a given still image. */
export function appCopier(): (stageSvg: string) => Promise<HTMLCanvasElement | null> {
  const cache = new Map<HTMLElement, Copied>();
  const canvas = document.createElement('canvas');
  return async (stageSvg) => {
    const app = document.querySelector<HTMLElement>('.app');
    const main = app?.querySelector<HTMLElement>(':scope > .main');
    const stage = main?.querySelector<HTMLElement>(':scope > .stage');
    if (app == null || main == null || stage == null) return null;
    const { toSvg } = await import('html-to-image');
    const still = document.createElement('img');
    still.alt = '';
    still.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:100%;display:block';
    still.src = svgUrl(stageSvg);
    stage.prepend(still);
    const unswap = svgsAsImages(app);
    const unscroll = holdScroll(app);
    try {
      await still.decode();
      // the stage's live layers (its SVG and the messages' canvas) give way to the still image;
      // the main row is copied without the stage's content, then the stage over it
      const live = (n: Element) => n.parentElement === stage && n !== still && (n.matches('svg.cluster') || n instanceof HTMLCanvasElement);
      const pieces: Piece[] = [];
      for (const child of app.children) {
        if (!(child instanceof HTMLElement) || child.matches(TRANSIENT)) continue;
        if (child === main) {
          const rest = [...main.children].filter((c) => c !== stage);
          pieces.push({ el: main, key: rest.map((c) => c.outerHTML).join(''), skip: (n) => n.parentElement === stage });
          pieces.push({ el: stage, key: null, skip: live });
        } else pieces.push({ el: child, key: child.outerHTML, skip: () => false });
      }
      const box = app.getBoundingClientRect();
      canvas.width = Math.round(box.width);
      canvas.height = Math.round(box.height);
      const ctx = canvas.getContext('2d');
      if (ctx === null) throw new Error('No 2D canvas in this browser.');
      ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      for (const p of pieces) {
        const r = p.el.getBoundingClientRect();
        const x = Math.round(r.left - box.left);
        const y = Math.round(r.top - box.top);
        const width = Math.round(r.width);
        const height = Math.round(r.height);
        if (width === 0 || height === 0) continue;
        const key = `${x},${y},${width},${height}:${p.key ?? ''}`;
        let copy = cache.get(p.el);
        if (p.key === null || copy?.key !== key) {
          const url = await toSvg(p.el, {
            width,
            height,
            skipFonts: true,
            cacheBust: false,
            includeStyleProperties: appStyleProperties(),
            filter: (n) => !(n instanceof Element) || !(p.skip(n) || n.matches(TRANSIENT)),
          });
          const image = new Image();
          image.src = url;
          await image.decode();
          copy = { key, x, y, image };
          cache.set(p.el, copy);
        }
        ctx.drawImage(copy.image, copy.x, copy.y);
      }
      return canvas;
    } finally {
      unscroll();
      unswap();
      still.remove();
    }
  };
}
