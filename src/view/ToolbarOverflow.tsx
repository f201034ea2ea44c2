// Keeps the toolbar on one line: sections that do not fit (and, in presentation mode, the
// secondary ones) fold into a "More" panel. A folded section stays in the toolbar, invisible
// and inert, so its natural width can still be measured; the panel renders a second, live copy
// of it while open. The panel is a disclosure: Tab moves into it, Esc closes it and returns
// focus to its button, and so does a click on one of its buttons or outside it.

import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { collapsedSections, inMenu, type ToolbarSection } from './toolbarLayout.ts';

interface Overflow {
  collapsed: ReadonlySet<ToolbarSection>;
  /** The open panel, where folded sections render their live copy; null while closed. */
  panel: HTMLElement | null;
  setPanel: (panel: HTMLElement | null) => void;
}

const OverflowContext = createContext<Overflow>({ collapsed: new Set(), panel: null, setPanel: () => {} });

/** A toolbar section that may fold into the More panel. */
export function Section({ id, label, children }: { id: ToolbarSection; label: string; children: ReactNode }) {
  const { collapsed, panel } = useContext(OverflowContext);
  const folded = collapsed.has(id);
  return (
    <>
      <div className={`group${folded ? ' folded' : ''}`} role="group" aria-label={label} data-section={id} inert={folded} aria-hidden={folded || undefined}>
        {children}
      </div>
      {folded &&
        panel !== null &&
        inMenu(id) &&
        createPortal(
          <div className="group" role="group" aria-label={label}>
            {children}
          </div>,
          panel,
        )}
    </>
  );
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/** Measures the toolbar's items and decides which sections fold (toolbarLayout.ts). */
function useToolbarFit(bar: RefObject<HTMLElement | null>, presentation: boolean): ReadonlySet<ToolbarSection> {
  const [collapsed, setCollapsed] = useState<ReadonlySet<ToolbarSection>>(() => new Set());
  useLayoutEffect(() => {
    const el = bar.current;
    if (el === null) return;
    const measure = () => {
      const style = getComputedStyle(el);
      const gap = parseFloat(style.columnGap) || 0;
      const available = el.clientWidth - (parseFloat(style.paddingLeft) || 0) - (parseFloat(style.paddingRight) || 0);
      const widths = new Map<ToolbarSection, number>();
      // the More button sits in a fixed group; count it only through moreWidth
      const more = el.querySelector<HTMLElement>('[data-more]');
      const moreWidth = more?.getBoundingClientRect().width ?? 0;
      const moreInFlow = more !== null && !more.classList.contains('folded');
      let fixed = 0;
      let fixedCount = 0;
      for (const child of el.children) {
        if (!(child instanceof HTMLElement)) continue;
        const section = child.dataset.section as ToolbarSection | undefined;
        if (section !== undefined) {
          widths.set(section, child.getBoundingClientRect().width);
          continue;
        }
        // screen-reader text is out of flow: no room, no gap
        if (child.classList.contains('sr-only')) continue;
        // the spacer takes only what is left, but a gap like any item
        let w = child.classList.contains('spacer') ? 0 : child.getBoundingClientRect().width;
        if (moreInFlow && more !== null && child.contains(more)) w -= moreWidth + (parseFloat(getComputedStyle(child).columnGap) || 0);
        fixed += w;
        fixedCount++;
      }
      // two spare pixels: widths are fractional and a wrap costs a whole line
      fixed += gap * Math.max(0, fixedCount - 1) + 2;
      const next = collapsedSections({ available, fixed, widths, gap, moreWidth, presentation });
      setCollapsed((prev) => (sameSet(prev, next) ? prev : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    for (const child of el.children) observer.observe(child);
    return () => observer.disconnect();
  }, [bar, presentation]);
  return collapsed;
}

function useToolbarOverflow(presentation: boolean): { ref: RefObject<HTMLElement | null>; value: Overflow } {
  const ref = useRef<HTMLElement | null>(null);
  const collapsed = useToolbarFit(ref, presentation);
  const [panel, setPanel] = useState<HTMLElement | null>(null);
  return { ref, value: { collapsed, panel, setPanel } };
}

/** The toolbar element, on one line at any width: what does not fit folds into the MoreMenu. */
export function ToolbarFrame({ presentation, children }: { presentation: boolean; children: ReactNode }) {
  const { ref, value } = useToolbarOverflow(presentation);
  return (
    <header className="toolbar" role="toolbar" aria-label="Playback and tools" ref={ref}>
      <OverflowContext.Provider value={value}>{children}</OverflowContext.Provider>
    </header>
  );
}

/** The "More" button and its panel; shown only while some section is folded into it. */
export function MoreMenu() {
  const { collapsed, panel, setPanel } = useContext(OverflowContext);
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const any = [...collapsed].some(inMenu);
  // nothing folded any more (the window grew): the panel closes with its button
  const [hadAny, setHadAny] = useState(any);
  if (any !== hadAny) {
    setHadAny(any);
    if (!any) setOpen(false);
  }
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useLayoutEffect(() => setPanel(open && any ? panelRef.current : null), [open, any, setPanel]);
  useEffect(() => {
    // once the folded sections have rendered into the open panel, move focus into it
    if (open && panel !== null) panel.querySelector<HTMLElement>('button:not(:disabled), select, input')?.focus();
  }, [open, panel]);
  useEffect(() => {
    if (!open) return;
    // Native listeners: the panel's content is portalled from the Sections, so React events
    // from it bubble to the toolbar, not through the panel; DOM events do pass through it.
    const box = wrap.current;
    const panelEl = panelRef.current;
    if (box === null || panelEl === null) return;
    const onDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !box.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation(); // the app's Esc would also clear the selection
      close(true);
    };
    const onClick = (e: MouseEvent) => {
      // a command was chosen: fold the panel away once its own handler has run (a select or
      // slider keeps it open)
      if (e.target instanceof Element && e.target.closest('button') !== null) queueMicrotask(() => close(true));
    };
    const onFocusOut = (e: FocusEvent) => {
      if (!(e.relatedTarget instanceof Node) || !box.contains(e.relatedTarget)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    panelEl.addEventListener('keydown', onKey);
    panelEl.addEventListener('click', onClick);
    box.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      panelEl.removeEventListener('keydown', onKey);
      panelEl.removeEventListener('click', onClick);
      box.removeEventListener('focusout', onFocusOut);
    };
  }, [open]);

  return (
    <div
      className={`toolbar-more${any ? '' : ' folded'}`}
      data-more=""
      ref={wrap}
      inert={!any}
    >
      <button
        ref={button}
        className={`btn more-button${open ? ' active' : ''}`}
        aria-expanded={open}
        aria-controls="toolbar-more-panel"
        onClick={() => setOpen(!open)}
        title="More tools: the controls that do not fit on the toolbar"
        aria-label="More tools"
        data-testid="toolbar-more"
      >
        ⋯
      </button>
      <div
        id="toolbar-more-panel"
        className="toolbar-more-panel"
        ref={panelRef}
        hidden={!open}
        role="group"
        aria-label="More tools"
      />
    </div>
  );
}
