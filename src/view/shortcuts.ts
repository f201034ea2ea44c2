// Keyboard shortcuts: one table, used both by the key handler and by the "?" help dialog.

import { useApp } from '../store/app.ts';
import { nudgeSpeed, runUntilSettled, stepBack, stepForward, stepToNext, togglePlay } from '../store/playback.ts';
import { clientRequest, dropMessage, deliverMessage, heal, isolate, redo, setManualNetwork, timeoutNode, toggleCrash, transferLeadership, undo, restartNode } from '../store/actions.ts';
import { cycleTheme, openDialog, selectMessage, selectNode, setBottomTab, setWhy, toggleMessageLabels, togglePresentation, openContextMenu, openLinkEditor, toast } from '../store/ui.ts';

export interface Shortcut {
  keys: string;
  description: string;
  group: 'Playback' | 'Servers' | 'Network' | 'View';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Space', description: 'Play / pause', group: 'Playback' },
  { keys: '→', description: 'Step forward one event', group: 'Playback' },
  { keys: '←', description: 'Step back one event', group: 'Playback' },
  { keys: 'Shift + →', description: 'Run to the next event of the chosen kind (toolbar)', group: 'Playback' },
  { keys: 'N', description: 'Run to the next leader election', group: 'Playback' },
  { keys: 'S', description: 'Run until settled (no pending request, every log applied)', group: 'Playback' },
  { keys: '+  /  −', description: 'Faster / slower', group: 'Playback' },
  { keys: 'Ctrl + Z', description: 'Undo your last action', group: 'Playback' },
  { keys: 'Ctrl + Shift + Z  /  Ctrl + Y', description: 'Redo', group: 'Playback' },
  { keys: '1 … 9', description: 'Select server 1 … 9 (0: none)', group: 'Servers' },
  { keys: 'C', description: 'Crash the selected server (restart if crashed)', group: 'Servers' },
  { keys: 'R', description: 'Restart the selected server', group: 'Servers' },
  { keys: 'E', description: 'Force the election timeout of the selected server', group: 'Servers' },
  { keys: 'Q', description: 'A client sends a request (to the selected server if any)', group: 'Servers' },
  { keys: 'L', description: 'Transfer leadership to the selected server', group: 'Servers' },
  { keys: 'Shift + F10  /  Menu', description: 'Actions menu of the focused server', group: 'Servers' },
  { keys: 'I', description: 'Isolate the selected server (partition)', group: 'Network' },
  { keys: 'H', description: 'Heal the network', group: 'Network' },
  { keys: 'M', description: 'Manual network on / off ("you are the network")', group: 'Network' },
  { keys: 'Enter', description: 'Deliver the selected message', group: 'Network' },
  { keys: 'D  /  Delete', description: 'Drop the selected message', group: 'Network' },
  { keys: '?', description: 'This help', group: 'View' },
  { keys: 'G', description: 'Legend of shapes and colours', group: 'View' },
  { keys: ',', description: 'Settings (cluster size, timing, network, features, seed)', group: 'View' },
  { keys: 'T', description: 'Switch theme (light, dark, high contrast)', group: 'View' },
  { keys: 'P', description: 'Presentation mode (large type)', group: 'View' },
  { keys: 'B', description: 'Message labels on / off', group: 'View' },
  { keys: 'F1 … F4', description: 'Logs, space-time diagram, charts, event log', group: 'View' },
  { keys: 'Esc', description: 'Close menus and dialogs, clear the selection', group: 'View' },
];

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

/** The app-wide key handler. Returns true when it handled the key. */
export function handleKey(e: KeyboardEvent): boolean {
  const s = useApp.getState();
  if (e.key === 'Escape') {
    if (s.dialog !== null) openDialog(null);
    else if (s.contextMenu !== null) openContextMenu(null);
    else if (s.linkEditor !== null) openLinkEditor(null);
    else if (s.why !== null) setWhy(null);
    else if (s.selectedMessage !== null) selectMessage(null);
    else selectNode(null);
    return true;
  }
  if (s.dialog !== null) return false;
  if (isTyping(e.target)) return false;
  const mod = e.ctrlKey || e.metaKey;
  if (mod && (e.key === 'z' || e.key === 'Z')) {
    if (e.shiftKey) redo();
    else undo();
    return true;
  }
  if (mod && (e.key === 'y' || e.key === 'Y')) {
    redo();
    return true;
  }
  if (mod || e.altKey) return false;
  const target = e.target instanceof HTMLElement ? e.target : null;
  const onControl = target !== null && (target.tagName === 'BUTTON' || target.getAttribute('role') === 'button' || target.getAttribute('role') === 'tab');
  const onSlider = target !== null && (target.getAttribute('role') === 'slider' || (target instanceof HTMLInputElement && target.type === 'range'));
  const sel = s.selectedNode;
  switch (e.key) {
    case ' ':
      if (onControl) return false; // Space presses the focused button
      togglePlay();
      return true;
    case 'ArrowRight':
      if (onSlider) return false;
      if (e.shiftKey) stepToNext();
      else stepForward();
      return true;
    case 'ArrowLeft':
      if (onSlider) return false;
      stepBack();
      return true;
    case 'Enter':
      if (onControl || s.selectedMessage === null) return false;
      deliverMessage(s.selectedMessage);
      return true;
    case 'Delete':
    case 'Backspace':
    case 'd':
    case 'D':
      if (s.selectedMessage === null) return false;
      dropMessage(s.selectedMessage);
      return true;
    case 'n':
    case 'N':
      stepToNext('leader');
      return true;
    case 's':
    case 'S':
      runUntilSettled();
      return true;
    case '+':
    case '=':
      nudgeSpeed(1);
      return true;
    case '-':
    case '_':
      nudgeSpeed(-1);
      return true;
    case 'c':
    case 'C':
      if (sel === null) return false;
      toggleCrash(sel);
      return true;
    case 'r':
    case 'R':
      if (sel === null) return false;
      if (s.frame.nodes.get(sel)?.alive === false) restartNode(sel);
      else toast(`${sel} is running: nothing to restart.`);
      return true;
    case 'e':
    case 'E':
      if (sel === null) return false;
      timeoutNode(sel);
      return true;
    case 'q':
    case 'Q':
      clientRequest(sel ?? undefined);
      return true;
    case 'l':
    case 'L':
      if (sel === null) return false;
      transferLeadership(sel);
      return true;
    case 'i':
    case 'I':
      if (sel === null) return false;
      isolate(sel);
      return true;
    case 'h':
    case 'H':
      heal();
      return true;
    case 'm':
    case 'M':
      setManualNetwork(!s.frame.network.settings.manual);
      return true;
    case '?':
      openDialog('help');
      return true;
    case 'g':
    case 'G':
      openDialog('legend');
      return true;
    case ',':
      openDialog('settings');
      return true;
    case 't':
    case 'T':
      cycleTheme();
      return true;
    case 'p':
    case 'P':
      togglePresentation();
      return true;
    case 'b':
    case 'B':
      toggleMessageLabels();
      return true;
    case 'F1':
      setBottomTab('logs');
      return true;
    case 'F2':
      setBottomTab('spacetime');
      return true;
    case 'F3':
      setBottomTab('charts');
      return true;
    case 'F4':
      setBottomTab('events');
      return true;
    default:
      if (/^[0-9]$/.test(e.key)) {
        const k = Number(e.key);
        if (k === 0) selectNode(null);
        else if (k <= s.frame.ids.length) selectNode(s.frame.ids[k - 1]);
        return true;
      }
      return false;
  }
}
