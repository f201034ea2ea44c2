// How the focused element got its focus: by the keyboard (Tab, arrow keys, a shortcut that moved
// focus) or by a pointer (a click). Space means play/pause unless the user *reached* a control by
// keyboard: a button that merely keeps focus after a click must not be pressed again by Space
// (clicking Manual and then pressing Space toggled manual mode twice).

type Modality = 'keyboard' | 'pointer';

let last: Modality = 'keyboard';
/** Elements focused while the last input was the keyboard (weak: elements come and go). */
let byKeyboard = new WeakSet<EventTarget>();

function onPointerDown(e: PointerEvent): void {
  last = 'pointer';
  // a click on the control that already has focus (reached by Tab earlier): now it was clicked
  const active = e.target instanceof Node ? e.target.ownerDocument?.activeElement : null;
  if (active != null && e.target instanceof Node && active.contains(e.target)) byKeyboard.delete(active);
}

function onKeyDown(e: KeyboardEvent): void {
  // a modifier alone or Space itself says nothing about how focus moved
  if (e.key === 'Shift' || e.key === 'Control' || e.key === 'Alt' || e.key === 'Meta' || e.key === ' ') return;
  last = 'keyboard';
}

function onFocusIn(e: FocusEvent): void {
  if (e.target === null) return;
  if (last === 'keyboard') byKeyboard.add(e.target);
  else byKeyboard.delete(e.target);
}

/** Starts watching (idempotent per document); returns the stop function. */
export function watchInputModality(doc: Document = document): () => void {
  doc.addEventListener('pointerdown', onPointerDown, true);
  doc.addEventListener('keydown', onKeyDown, true);
  doc.addEventListener('focusin', onFocusIn, true);
  return () => {
    doc.removeEventListener('pointerdown', onPointerDown, true);
    doc.removeEventListener('keydown', onKeyDown, true);
    doc.removeEventListener('focusin', onFocusIn, true);
  };
}

/** Whether this element got its current focus from the keyboard. */
export function reachedByKeyboard(el: EventTarget | null): boolean {
  return el !== null && byKeyboard.has(el);
}

/** For tests: forget what was seen. */
export function resetInputModality(): void {
  last = 'keyboard';
  byKeyboard = new WeakSet();
}
