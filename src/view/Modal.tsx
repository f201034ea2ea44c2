// The app's modal dialog (settings, help, legend, lectures, share): focus moves in and back,
// Escape and the backdrop close it, Tab stays inside, and the app's shortcuts stay quiet.

import { useEffect, useRef, type ReactNode } from 'react';

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
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    (ref.current?.querySelector<HTMLElement>('.body input, .body select, .body textarea, .body button') ?? ref.current?.querySelector<HTMLElement>('button'))?.focus();
    return () => prev?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    e.stopPropagation(); // the app's shortcuts must not fire while typing here
    if (e.key === 'Escape') {
      onClose();
      return;
    }
    if (e.key !== 'Tab') return;
    const els = [...(ref.current?.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]') ?? [])].filter(
      (el) => !(el as HTMLButtonElement).disabled,
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
  return (
    <div className="dialog-backdrop" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog${wide ? ' sc-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={labelId} ref={ref} onKeyDown={onKeyDown}>
        <header>
          <h2 id={labelId}>{title}</h2>
          <button className="btn small" onClick={onClose} aria-label="Close">
            ✕
          </button>
        </header>
        <div className="body">{children}</div>
        {footer !== undefined && <footer>{footer}</footer>}
      </div>
    </div>
  );
}
