// The app's modal dialog (settings, help, legend, compare, lectures, share) on the native
// <dialog>: showModal() puts it in the top layer and makes the page behind it inert; focus
// moves to its first field and back to where it was when it closes; Escape (the dialog's
// cancel) and a press on the backdrop close it; Tab wraps inside it; the app's shortcuts stay
// quiet while it is open. What must stay visible and usable above a modal (the notices, the
// file drop zone) renders through AboveModals, into the open dialog.

import { useLayoutEffect, useRef, useSyncExternalStore, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

// ------------------------------------------------------------------ the open dialogs

const openModals: HTMLDialogElement[] = [];
const listeners = new Set<() => void>();

function changed(): void {
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The topmost open modal dialog, or null. */
function topModal(): HTMLDialogElement | null {
  return openModals[openModals.length - 1] ?? null;
}

/**
 * Renders its children where they stay visible and usable: in place, or, while a modal dialog
 * is open (everything outside it is inert and under its backdrop), inside that dialog. Keys
 * pressed there stay in the dialog, as keys pressed anywhere in it do.
 */
export function AboveModals({ children }: { children: ReactNode }) {
  const host = useSyncExternalStore(subscribe, topModal, () => null);
  if (host === null) return children;
  return createPortal(
    <div className="above-modal" onKeyDown={(e) => e.stopPropagation()}>
      {children}
    </div>,
    host,
  );
}

// ------------------------------------------------------------------ the dialog

const FIELDS = '.body input, .body select, .body textarea, .body button';
const FOCUSABLE = 'button, input, select, textarea, a[href]';

export function Modal({
  title,
  labelId,
  onClose,
  children,
  footer,
  wide = false,
}: {
  title: string;
  labelId: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const prev = document.activeElement as HTMLElement | null;
    el.showModal();
    openModals.push(el);
    changed();
    (el.querySelector<HTMLElement>(FIELDS) ?? el.querySelector<HTMLElement>('button'))?.focus();
    return () => {
      openModals.splice(openModals.indexOf(el), 1);
      changed();
      if (el.open) el.close();
      prev?.focus?.();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    e.stopPropagation(); // the app's shortcuts must not fire while typing here (Escape: onCancel)
    if (e.key !== 'Tab') return;
    const els = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (x) => !(x as HTMLButtonElement).disabled && x.closest('.above-modal') === null,
    );
    if (els.length === 0) return;
    const first = els[0];
    const last = els[els.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  /** A press on the backdrop (outside the dialog's box; the backdrop's events target the dialog). */
  const onPointerDown = (e: PointerEvent<HTMLDialogElement>) => {
    if (e.target !== e.currentTarget) return;
    const r = e.currentTarget.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) onClose();
  };
  return (
    <dialog
      className={`dialog${wide ? ' sc-wide' : ''}`}
      aria-labelledby={labelId}
      ref={ref}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onCancel={(e) => {
        e.preventDefault(); // the store closes it (and unmounts it)
        onClose();
      }}
    >
      <header>
        <h2 id={labelId}>{title}</h2>
        <button className="btn small" onClick={onClose} aria-label="Close">
          ✕
        </button>
      </header>
      <div className="body">{children}</div>
      {footer !== undefined && <footer>{footer}</footer>}
    </dialog>
  );
}
