// Small React hooks shared by the views.

import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import { useApp } from '../store/app.ts';

export interface Size {
  width: number;
  height: number;
}

/** The element's content size, kept up to date with a ResizeObserver. */
export function useSize(ref: RefObject<HTMLElement | null>, fallback: Size = { width: 800, height: 500 }): Size {
  const [size, setSize] = useState<Size>(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const width = Math.max(1, Math.round(r.width));
      const height = Math.max(1, Math.round(r.height));
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/**
 * Runs `onAnimationFrame(deltaMs)` on every animation frame while mounted. The next frame's call
 * is asked for after the microtasks this one queued (React renders what it changed in one), so
 * that work the render asks for at the start of the next frame (the log grid's follow scroll)
 * runs before this — while the page's layout is still clean — not after React changed the page.
 */
export function useAnimationFrame(onAnimationFrame: (deltaMs: number) => void): void {
  useEffect(() => {
    let id = 0;
    let stopped = false;
    let last = performance.now();
    const loop = (ts: number) => {
      const dt = ts - last;
      last = ts;
      onAnimationFrame(dt);
      queueMicrotask(() => {
        if (!stopped) id = requestAnimationFrame(loop);
      });
    };
    id = requestAnimationFrame(loop);
    return () => {
      stopped = true;
      cancelAnimationFrame(id);
    };
  }, [onAnimationFrame]);
}

/** Scroll position and viewport size of a scrolling element (for windowed lists). */
export function useScrollBox(ref: RefObject<HTMLElement | null>): { left: number; top: number; width: number; height: number } {
  const [box, setBox] = useState({ left: 0, top: 0, width: 600, height: 200 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const update = () => {
      setBox((b) =>
        b.left === el.scrollLeft && b.top === el.scrollTop && b.width === el.clientWidth && b.height === el.clientHeight
          ? b
          : { left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, height: el.clientHeight },
      );
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      ro?.disconnect();
    };
  }, [ref]);
  return box;
}

/**
 * Calls `update(t)` now and whenever the displayed time changes, without re-rendering: the
 * per-frame work (a transform, an arc) is done on the DOM nodes React made (transient updates).
 */
export function useDisplayedTime(update: (t: number) => void): void {
  useLayoutEffect(() => {
    update(useApp.getState().displayedTime);
    return useApp.subscribe((s, prev) => {
      if (s.displayedTime !== prev.displayedTime) update(s.displayedTime);
    });
  }, [update]);
}

/**
 * `read(el)` — colours from the CSS variables in effect at `el` — now and whenever the page's
 * theme or presentation attributes change. Watched on the page's root element, not taken from
 * the store's theme: the app sets those attributes in an effect that runs after its children's,
 * so a child reading on the store's change read the previous theme's colours.
 */
export function useCssColours<T>(ref: RefObject<Element | null>, read: (el: Element) => T): T | null {
  const [colours, setColours] = useState<T | null>(null);
  useLayoutEffect(() => {
    const update = () => {
      if (ref.current !== null) setColours(read(ref.current));
    };
    update();
    const mo = typeof MutationObserver === 'undefined' ? null : new MutationObserver(update);
    mo?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'data-presentation'] });
    return () => mo?.disconnect();
  }, [ref, read]);
  return colours;
}
