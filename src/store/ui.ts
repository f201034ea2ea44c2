// UI state: the selection (a server, a message, a "why?" answer), the side and bottom tabs,
// dialogs, the server menu and the link editor, notices (toasts and the screen-reader
// announcement), and the preference setters (theme, presentation mode, message labels).

import { useApp } from './app.ts';
import type { Theme } from './prefs.ts';
import type { WhyHighlight } from './why.ts';

export type BottomTab = 'logs' | 'spacetime' | 'charts' | 'events';
export type SideTab = 'node' | 'message' | 'safety' | 'history';
export type Dialog = null | 'settings' | 'help' | 'legend';

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error' | 'branch';
}

/** The server menu, open for `node` at viewport point (x, y). */
export interface ContextMenuState {
  node: string;
  x: number;
  y: number;
}

/** The link editor, open for the link a – b at viewport point (x, y). */
export interface LinkEditorState {
  a: string;
  b: string;
  x: number;
  y: number;
}

const get = useApp.getState;
const set = useApp.setState;

// ------------------------------------------------------------------ selection

export function selectNode(id: string | null): void {
  set({ selectedNode: id, sideTab: id !== null ? 'node' : get().sideTab, contextMenu: null });
}

export function selectMessage(id: number | null): void {
  set({ selectedMessage: id, sideTab: id !== null ? 'message' : get().sideTab });
}

export function setWhy(why: WhyHighlight | null): void {
  set({ why });
}

// ------------------------------------------------------------------ tabs, dialogs, popovers

export function setBottomTab(tab: BottomTab): void {
  set({ bottomTab: tab });
}

export function setSideTab(tab: SideTab): void {
  set({ sideTab: tab });
}

/**
 * Enlarge the logs (true) or give the stage back (false). Enlarged, the log grid takes the
 * stage's place with larger cells (the Figure 7/8 lectures are about the logs) and the stage
 * shrinks to a strip above it; it also brings the Logs tab forward. A tour step asks for it
 * with this call; the X key and the Logs tab's button toggle it (toggleLogsLarge). The name is
 * stable: tours (src/store/tour*.ts) call it.
 */
export function setLogsLarge(on: boolean): void {
  set(on ? { logsLarge: true, bottomTab: 'logs' } : { logsLarge: false });
}

/** Switches between the enlarged logs and the normal layout (see setLogsLarge). */
export function toggleLogsLarge(): void {
  setLogsLarge(!get().logsLarge);
}

export function openDialog(dialog: Dialog): void {
  set({ dialog, contextMenu: null, linkEditor: null });
}

export function openContextMenu(menu: ContextMenuState | null): void {
  set({ contextMenu: menu, linkEditor: null });
}

export function openLinkEditor(editor: LinkEditorState | null): void {
  set({ linkEditor: editor, contextMenu: null });
}

// ------------------------------------------------------------------ notices

let toastId = 1;

/** A notice in the corner (also announced to screen readers); it goes away by itself. */
export function toast(text: string, kind: Toast['kind'] = 'info'): void {
  const id = toastId++;
  set({ toasts: [...get().toasts.slice(-3), { id, text, kind }], announcement: text });
  setTimeout(() => dismissToast(id), kind === 'error' ? 8000 : 5000);
}

export function dismissToast(id: number): void {
  set({ toasts: get().toasts.filter((t) => t.id !== id) });
}

export function announce(text: string): void {
  set({ announcement: text });
}

// ------------------------------------------------------------------ preferences (kept by prefs.ts)

export function setTheme(theme: Theme): void {
  set({ theme });
}

export function cycleTheme(): void {
  const order: Theme[] = ['light', 'dark', 'contrast'];
  setTheme(order[(order.indexOf(get().theme) + 1) % order.length]);
}

export function togglePresentation(): void {
  set({ presentation: !get().presentation });
}

export function toggleMessageLabels(): void {
  set({ showMessageLabels: !get().showMessageLabels });
}
