// The server menu and the link editor — native popovers (popover="manual": shown in the top
// layer by showPopover(), closed here: a press outside, Escape, a choice) — and the toasts.

import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { useApp } from '../store/app.ts';
import { clientRequest, isolate, removeServer, addServer, setLink, setLinkBoth, timeoutNode, toggleCrash, transferLeadership } from '../store/actions.ts';
import { linkUp } from '../store/partition.ts';
import { isMember } from '../store/membership.ts';
import { dismissToast, openContextMenu, openLinkEditor, selectNode } from '../store/ui.ts';
import { AboveModals } from './Modal.tsx';
import { shortName } from './names.ts';

function clampToViewport(x: number, y: number, w: number, h: number): { left: number; top: number } {
  const vw = typeof window === 'undefined' ? 1280 : window.innerWidth;
  const vh = typeof window === 'undefined' ? 720 : window.innerHeight;
  return { left: Math.max(4, Math.min(x, vw - w - 4)), top: Math.max(4, Math.min(y, vh - h - 4)) };
}

/**
 * Shows a popup (a manual popover) in the top layer, moves focus into it, and closes it on a
 * press outside; when it closes, focus goes back to where it was.
 */
function usePopup(ref: React.RefObject<HTMLElement | null>, close: () => void): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    el.showPopover();
    return () => {
      if (el.matches(':popover-open')) el.hidePopover();
    };
  }, [ref]);
  useEffect(() => {
    const el = ref.current;
    const before = document.activeElement instanceof HTMLElement || document.activeElement instanceof SVGElement ? document.activeElement : null;
    const first = el?.querySelector<HTMLElement>('button:not(:disabled), input, select');
    first?.focus();
    const onDown = (e: PointerEvent) => {
      if (el !== null && e.target instanceof Node && !el.contains(e.target)) close();
    };
    // next tick: the click that opened the popup must not close it
    const id = setTimeout(() => document.addEventListener('pointerdown', onDown), 0);
    return () => {
      clearTimeout(id);
      document.removeEventListener('pointerdown', onDown);
      // give focus back to where it was (the server whose menu this was), unless it moved on
      if (before !== null && (document.activeElement === document.body || (el !== null && el.contains(document.activeElement)))) {
        before.focus();
      }
    };
  }, [ref, close]);
}

export function ContextMenu() {
  const menu = useApp((s) => s.contextMenu);
  if (menu === null) return null;
  return <NodeMenu key={`${menu.node}-${menu.x}-${menu.y}`} node={menu.node} x={menu.x} y={menu.y} />;
}

const closeMenu = () => openContextMenu(null);

function NodeMenu({ node, x, y }: { node: string; x: number; y: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const n = useApp((s) => s.frame.nodes.get(node));
  const leader = useApp((s) => s.frame.leader);
  const member = useApp((s) => isMember(s.frame, node));
  const ids = useApp((s) => s.frame.ids);
  usePopup(ref, closeMenu);
  if (n === undefined) return null;
  const pos = clampToViewport(x, y, 240, 300);
  const item = (label: string, key: string, run: () => void, disabled = false) => (
    <button
      role="menuitem"
      disabled={disabled}
      onClick={() => {
        closeMenu();
        run();
      }}
    >
      <span>{label}</span>
      {key !== "" && <kbd>{key}</kbd>}
    </button>
  );
  const onKeyDown = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not(:disabled)') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      items[(i + 1) % items.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i - 1 + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeMenu();
    }
  };
  return (
    <div className="menu" popover="manual" ref={ref} role="menu" aria-label={`Actions on ${node}`} style={pos} onKeyDown={onKeyDown} data-testid="node-menu">
      <h3 title={node}>{shortName(node, ids, 24)}</h3>
      {item('Inspect', 'click', () => selectNode(node))}
      {n.alive ? item('Crash', 'C', () => toggleCrash(node)) : item('Restart', 'R', () => toggleCrash(node))}
      {item('Force election timeout', 'E', () => timeoutNode(node), !n.alive || n.role === 'leader')}
      {item('Client request to this server', 'Q', () => clientRequest(node))}
      {item('Transfer leadership here', 'L', () => transferLeadership(node), leader === null || leader === node || !n.alive)}
      {item('Isolate (partition)', 'I', () => isolate(node))}
      {member
        ? item('Remove from the cluster', '', () => removeServer(node), leader === null)
        : item('Add back to the cluster', '', () => addServer(node))}
    </div>
  );
}

const closeEditor = () => openLinkEditor(null);

export function LinkEditor() {
  const ed = useApp((s) => s.linkEditor);
  if (ed === null) return null;
  return <LinkEditorBox key={`${ed.a}-${ed.b}`} a={ed.a} b={ed.b} x={ed.x} y={ed.y} />;
}

function LinkEditorBox({ a, b, x, y }: { a: string; b: string; x: number; y: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const network = useApp((s) => s.frame.network);
  usePopup(ref, closeEditor);
  const ab = linkUp(network, a, b);
  const ba = linkUp(network, b, a);
  const linkAB = network.links.find((l) => l.from === a && l.to === b)?.link ?? {};
  const [latMin, setLatMin] = useState(String(linkAB.latencyMin ?? network.settings.latencyMin));
  const [latMax, setLatMax] = useState(String(linkAB.latencyMax ?? network.settings.latencyMax));
  const [loss, setLoss] = useState(String(linkAB.lossRate ?? network.settings.lossRate));
  const pos = clampToViewport(x + 8, y + 8, 300, 280);
  const partitioned = network.groups.length > 0 && (!ab || !ba) && network.links.every((l) => l.link.up !== false);
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    const link = { latencyMin: Math.round(Number(latMin)), latencyMax: Math.round(Number(latMax)), lossRate: Number(loss) };
    setLinkBoth(a, b, link);
    closeEditor();
  };
  return (
    <div className="popover" popover="manual" ref={ref} role="dialog" aria-label={`Link between ${a} and ${b}`} style={pos} data-testid="link-editor"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          closeEditor();
        }
      }}
    >
      <h3>
        Link {a} ⇄ {b}
      </h3>
      {partitioned && <p className="hint">This link crosses a partition; heal the partition to restore it.</p>}
      <div className="row">
        <button className="btn small" onClick={() => setLink(a, b, { up: !ab })} title={ab ? 'Messages from ' + a + ' to ' + b + ' are lost' : 'Let them through again'}>
          {ab ? 'Cut' : 'Restore'} {a} → {b}
        </button>
        <button className="btn small" onClick={() => setLink(b, a, { up: !ba })} title={ba ? 'Messages from ' + b + ' to ' + a + ' are lost' : 'Let them through again'}>
          {ba ? 'Cut' : 'Restore'} {b} → {a}
        </button>
      </div>
      <div className="row">
        <button className="btn small danger" onClick={() => { setLinkBoth(a, b, { up: false }); closeEditor(); }}>
          Cut both ways
        </button>
        <button className="btn small" onClick={() => { setLinkBoth(a, b, { up: true }); closeEditor(); }}>
          Restore both
        </button>
      </div>
      <form onSubmit={apply}>
        <div className="row">
          <label>
            latency
            <input className="num" type="number" min={0} value={latMin} onChange={(e) => setLatMin(e.target.value)} aria-label="Minimum latency (ms)" />
          </label>
          –
          <input className="num" type="number" min={0} value={latMax} onChange={(e) => setLatMax(e.target.value)} aria-label="Maximum latency (ms)" />
          ms
        </div>
        <div className="row">
          <label>
            loss
            <input className="num" type="number" min={0} max={1} step={0.05} value={loss} onChange={(e) => setLoss(e.target.value)} aria-label="Loss rate (0 to 1)" />
          </label>
          <button className="btn small" type="submit">
            Apply both ways
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * Where notices go: at the foot of the side column (issue 14: never over the log grid, and not
 * over the servers either); without a side column (embeds), the stylesheet's place.
 */
function useToastPlace(count: number): CSSProperties | undefined {
  const [place, setPlace] = useState<CSSProperties | undefined>(undefined);
  useLayoutEffect(() => {
    const measure = () => {
      const side = document.querySelector('aside.side');
      const r = side?.getBoundingClientRect();
      if (r === undefined || r.width < 160 || r.height < 80) {
        setPlace(undefined);
        return;
      }
      setPlace({ left: r.left + 8, right: 'auto', top: 'auto', width: r.width - 16, bottom: window.innerHeight - r.bottom + 8 });
    };
    if (count === 0) return;
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [count]);
  return place;
}

export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  const announcement = useApp((s) => s.announcement);
  const place = useToastPlace(toasts.length);
  // above an open modal dialog too (its backdrop covers the page), as they were above the old backdrop
  return (
    <AboveModals>
      <div className="toasts" style={place}>
        {toasts.map((t) => (
          <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${t.kind}`}>
            <p>{t.text}</p>
            <button className="btn small" onClick={() => dismissToast(t.id)} aria-label="Dismiss">
              ✕
            </button>
          </div>
        ))}
      </div>
      <div className="sr-only" aria-live="polite">
        {announcement}
      </div>
    </AboveModals>
  );
}
