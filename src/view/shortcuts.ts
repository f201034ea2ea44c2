// Keyboard shortcuts: one table — the keys as the "?" help dialog shows them, what they do, the
// key presses that trigger them and the handler — read by the app's key handler and by the help.

import { clientRequest, deliverMessage, dropMessage, heal, isolate, redo, restartNode, setManualNetwork, timeoutNode, toggleCrash, transferLeadership, undo } from '../store/actions.ts';
import { useApp, type AppState } from '../store/app.ts';
import { stepTour } from '../store/tour.ts';
import { reachedByKeyboard } from './inputModality.ts';
import { nudgeSpeed, runUntilSettled, stepBack, stepForward, stepToNext, togglePlay } from '../store/playback.ts';
import {
  cycleTheme,
  openContextMenu,
  openDialog,
  openLinkEditor,
  selectMessage,
  selectNode,
  setBottomTab,
  setWhy,
  toast,
  toggleLogsLarge,
  toggleMessageLabels,
  togglePresentation,
  type BottomTab,
} from '../store/ui.ts';

/** What a handler knows of the key press. */
export interface KeyContext {
  /** KeyboardEvent.key */
  key: string;
  state: AppState;
  /** The selected server. */
  selected: string | null;
  target: EventTarget | null;
  /** Focus is on a button or tab (Space and Enter press it). */
  onControl: boolean;
  /** Focus is on a control (button, tab, checkbox …) the user reached by keyboard: Space presses it. */
  keyboardControl: boolean;
  /** Focus is on a slider (the arrows move it). */
  onSlider: boolean;
}

export interface Shortcut {
  /** As the help shows them. */
  keys: string;
  description: string;
  group: 'Playback' | 'Servers' | 'Network' | 'View';
  /**
   * The presses that trigger it: KeyboardEvent.key values, prefixed with 'Mod+' (Ctrl or ⌘)
   * and 'Shift+' when those must be held. A letter matches either case; without 'Shift+', Shift
   * may be up or down; without 'Mod+', neither Ctrl, ⌘ nor Alt may be. The most specific chord
   * wins ('Shift+ArrowRight' over 'ArrowRight').
   */
  on: readonly string[];
  /** Also in a dialog or a text field, whatever the modifiers (Esc). */
  always?: true;
  /** Does it; `false`: not handled, the key goes on to the page. */
  run: (c: KeyContext) => void | false;
}

const TABS: Record<string, BottomTab> = { F1: 'logs', F2: 'spacetime', F3: 'charts', F4: 'events' };
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Runs `act` on the selected server; none selected: not handled. */
const onSelected =
  (act: (id: string) => void) =>
  ({ selected }: KeyContext): void | false =>
    selected === null ? false : act(selected);

export const SHORTCUTS: readonly Shortcut[] = [
  // ---------------------------------------------------------------- playback
  { keys: 'Space', description: 'Play / pause', group: 'Playback', on: [' '], run: (c) => (c.keyboardControl ? false : togglePlay()) }, // Space presses a control reached by keyboard, never one just clicked
  { keys: '→', description: 'Step forward one event', group: 'Playback', on: ['ArrowRight'], run: (c) => (c.onSlider ? false : stepForward()) },
  { keys: '←', description: 'Step back one event', group: 'Playback', on: ['ArrowLeft'], run: (c) => (c.onSlider ? false : stepBack()) },
  {
    keys: 'Shift + →',
    description: 'Run to the next event of the chosen kind (toolbar)',
    group: 'Playback',
    on: ['Shift+ArrowRight'],
    run: (c) => (c.onSlider ? false : stepToNext()),
  },
  {
    keys: 'PageDown  /  PageUp',
    description: 'Next / previous step of the guided tour (a presenter’s clicker; → / ← too while the tour has focus)',
    group: 'Playback',
    on: ['PageDown', 'PageUp'],
    run: ({ key }) => (stepTour(key === 'PageDown' ? 1 : -1) ? undefined : false),
  },
  { keys: 'N', description: 'Run to the next leader election', group: 'Playback', on: ['n'], run: () => stepToNext('leader') },
  { keys: 'S', description: 'Run until settled (no pending request, every log applied)', group: 'Playback', on: ['s'], run: () => runUntilSettled() },
  { keys: '+  /  −', description: 'Faster / slower', group: 'Playback', on: ['+', '=', '-', '_'], run: (c) => nudgeSpeed(c.key === '+' || c.key === '=' ? 1 : -1) },
  { keys: 'Ctrl + Z', description: 'Undo your last action', group: 'Playback', on: ['Mod+z'], run: () => undo() },
  { keys: 'Ctrl + Shift + Z  /  Ctrl + Y', description: 'Redo', group: 'Playback', on: ['Mod+Shift+z', 'Mod+y'], run: () => redo() },
  // ---------------------------------------------------------------- servers
  {
    keys: '1 … 9',
    description: 'Select server 1 … 9 (0: none)',
    group: 'Servers',
    on: DIGITS,
    run: ({ key, state }) => {
      const k = Number(key);
      if (k === 0) selectNode(null);
      else if (k <= state.frame.ids.length) selectNode(state.frame.ids[k - 1]);
    },
  },
  { keys: 'C', description: 'Crash the selected server (restart if crashed)', group: 'Servers', on: ['c'], run: onSelected(toggleCrash) },
  {
    keys: 'R',
    description: 'Restart the selected server',
    group: 'Servers',
    on: ['r'],
    run: onSelected((id) => {
      if (useApp.getState().frame.nodes.get(id)?.alive === false) restartNode(id);
      else toast(`${id} is running: nothing to restart.`);
    }),
  },
  { keys: 'E', description: 'Force the election timeout of the selected server', group: 'Servers', on: ['e'], run: onSelected(timeoutNode) },
  { keys: 'Q', description: 'A client sends a request (to the selected server if any)', group: 'Servers', on: ['q'], run: (c) => clientRequest(c.selected ?? undefined) },
  { keys: 'L', description: 'Transfer leadership to the selected server', group: 'Servers', on: ['l'], run: onSelected(transferLeadership) },
  {
    keys: 'Shift + F10  /  Menu',
    description: 'Actions menu of the focused server',
    group: 'Servers',
    on: ['Shift+F10', 'ContextMenu'],
    run: ({ target }) => {
      const server = target instanceof Element ? target.closest<Element>('[data-node]') : null;
      const node = server?.getAttribute('data-node');
      if (server === null || node == null) return false;
      const rect = server.getBoundingClientRect();
      openContextMenu({ node, x: rect.right, y: rect.top + rect.height / 2 });
    },
  },
  // ---------------------------------------------------------------- network
  { keys: 'I', description: 'Isolate the selected server (partition)', group: 'Network', on: ['i'], run: onSelected(isolate) },
  { keys: 'H', description: 'Heal the network', group: 'Network', on: ['h'], run: () => heal() },
  {
    keys: 'M',
    description: 'Manual network on / off ("you are the network")',
    group: 'Network',
    on: ['m'],
    run: ({ state }) => setManualNetwork(!state.frame.network.settings.manual),
  },
  {
    keys: 'Enter',
    description: 'Deliver the selected message',
    group: 'Network',
    on: ['Enter'],
    run: ({ onControl, state }) => (onControl || state.selectedMessage === null ? false : deliverMessage(state.selectedMessage)),
  },
  {
    keys: 'D  /  Delete',
    description: 'Drop the selected message',
    group: 'Network',
    on: ['d', 'Delete', 'Backspace'],
    run: ({ state }) => (state.selectedMessage === null ? false : dropMessage(state.selectedMessage)),
  },
  // ---------------------------------------------------------------- view
  { keys: '?', description: 'This help', group: 'View', on: ['?'], run: () => openDialog('help') },
  { keys: 'G', description: 'Legend of shapes and colours', group: 'View', on: ['g'], run: () => openDialog('legend') },
  { keys: ',', description: 'Settings (cluster size, timing, network, features, seed)', group: 'View', on: [','], run: () => openDialog('settings') },
  { keys: 'T', description: 'Switch theme (light, dark, high contrast)', group: 'View', on: ['t'], run: () => cycleTheme() },
  { keys: 'P', description: 'Presentation mode (large type)', group: 'View', on: ['p'], run: () => togglePresentation() },
  { keys: 'B', description: 'Message labels on / off', group: 'View', on: ['b'], run: () => toggleMessageLabels() },
  { keys: 'X', description: 'Enlarge the logs (they take most of the screen) / back', group: 'View', on: ['x'], run: () => toggleLogsLarge() },
  { keys: 'F1 … F4', description: 'Logs, space-time diagram, charts, event log', group: 'View', on: Object.keys(TABS), run: ({ key }) => setBottomTab(TABS[key]) },
  {
    keys: 'Esc',
    description: 'Close menus and dialogs, clear the selection',
    group: 'View',
    on: ['Escape'],
    always: true,
    run: ({ state: s }) => {
      // an open modal <dialog> closes itself (its cancel), even when focus fell out of it
      if (typeof document !== 'undefined' && document.querySelector('dialog:modal') !== null) return false;
      if (s.dialog !== null) openDialog(null);
      else if (s.contextMenu !== null) openContextMenu(null);
      else if (s.linkEditor !== null) openLinkEditor(null);
      else if (s.why !== null) setWhy(null);
      else if (s.selectedMessage !== null) selectMessage(null);
      else selectNode(null);
    },
  },
];

/** The modifier keys and key of a press (a KeyboardEvent, or a plain object in tests). */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  altKey?: boolean;
}

interface Chord {
  key: string;
  mod: boolean;
  shift: boolean;
}

function parseChord(chord: string): Chord {
  let key = chord;
  let mod = false;
  let shift = false;
  for (;;) {
    if (key.startsWith('Mod+') && key.length > 4) {
      mod = true;
      key = key.slice(4);
    } else if (key.startsWith('Shift+') && key.length > 6) {
      shift = true;
      key = key.slice(6);
    } else {
      return { key, mod, shift };
    }
  }
}

const CHORDS = SHORTCUTS.map((s) => ({ shortcut: s, chords: s.on.map(parseChord) }));

function chordMatches(c: Chord, e: KeyPress): boolean {
  const mod = e.ctrlKey === true || e.metaKey === true;
  if (c.mod !== mod) return false;
  if (!c.mod && e.altKey === true) return false;
  if (c.shift && e.shiftKey !== true) return false;
  return c.key.length === 1 ? c.key.toLowerCase() === e.key.toLowerCase() : c.key === e.key;
}

/** The shortcut a key press triggers (the most specific chord; ties: the first in the table), or null. */
export function shortcutFor(e: KeyPress): Shortcut | null {
  let best: Shortcut | null = null;
  let bestScore = -1;
  for (const { shortcut, chords } of CHORDS) {
    if (shortcut.always === true && shortcut.on.includes(e.key)) return shortcut;
    for (const c of chords) {
      const score = (c.mod ? 1 : 0) + (c.shift ? 1 : 0);
      if (score > bestScore && chordMatches(c, e)) {
        best = shortcut;
        bestScore = score;
      }
    }
  }
  return best;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || target.isContentEditable) return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return type !== 'checkbox' && type !== 'radio' && type !== 'range' && type !== 'button';
  }
  if (tag === 'SELECT') return true;
  return false;
}

/** A control Space toggles or presses besides buttons and tabs: checkboxes, radios, switches, menu items. */
function isToggle(el: HTMLElement | null, role: string | null | undefined): boolean {
  if (el === null) return false;
  if (el instanceof HTMLInputElement) return el.type === 'checkbox' || el.type === 'radio';
  if (el.tagName === 'SUMMARY') return true;
  return role === 'checkbox' || role === 'radio' || role === 'switch' || role === 'option' || (role ?? '').startsWith('menuitem');
}

/** The app-wide key handler. Returns true when it handled the key. */
export function handleKey(e: KeyboardEvent): boolean {
  const shortcut = shortcutFor(e);
  if (shortcut === null) return false;
  const state = useApp.getState();
  if (shortcut.always !== true && (state.dialog !== null || isTyping(e.target))) return false;
  const el = e.target instanceof HTMLElement ? e.target : null;
  const role = el?.getAttribute('role');
  const onControl = el !== null && (el.tagName === 'BUTTON' || role === 'button' || role === 'tab');
  const context: KeyContext = {
    key: e.key,
    state,
    selected: state.selectedNode,
    target: e.target,
    onControl,
    keyboardControl: (onControl || isToggle(el, role)) && reachedByKeyboard(el),
    onSlider: el !== null && (role === 'slider' || (el instanceof HTMLInputElement && el.type === 'range')),
  };
  return shortcut.run(context) !== false;
}
