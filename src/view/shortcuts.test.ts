// Which shortcut a key press triggers, table-driven (the handlers are the store's actions,
// tested in src/store; the e2e tests press the keys in the page).
import { describe, expect, it } from 'vitest';
import { SHORTCUTS, shortcutFor, type KeyPress } from './shortcuts.ts';

describe('shortcutFor', () => {
  it.each<{ press: KeyPress; want: string | null }>([
    { press: { key: ' ' }, want: 'Space' },
    { press: { key: 'ArrowRight' }, want: '→' },
    { press: { key: 'ArrowRight', shiftKey: true }, want: 'Shift + →' },
    { press: { key: 'ArrowLeft', shiftKey: true }, want: '←' },
    { press: { key: 'n' }, want: 'N' },
    { press: { key: 'N', shiftKey: true }, want: 'N' },
    { press: { key: '+', shiftKey: true }, want: '+  /  −' },
    { press: { key: '=' }, want: '+  /  −' },
    { press: { key: '_', shiftKey: true }, want: '+  /  −' },
    { press: { key: 'z', ctrlKey: true }, want: 'Ctrl + Z' },
    { press: { key: 'z', metaKey: true }, want: 'Ctrl + Z' },
    { press: { key: 'Z', ctrlKey: true, shiftKey: true }, want: 'Ctrl + Shift + Z  /  Ctrl + Y' },
    { press: { key: 'y', ctrlKey: true }, want: 'Ctrl + Shift + Z  /  Ctrl + Y' },
    { press: { key: 'z', ctrlKey: true, altKey: true }, want: 'Ctrl + Z' },
    { press: { key: 'z' }, want: null },
    { press: { key: 'c', ctrlKey: true }, want: null }, // copy stays the browser's
    { press: { key: 'c', altKey: true }, want: null },
    { press: { key: 'C', shiftKey: true }, want: 'C' },
    { press: { key: '0' }, want: '1 … 9' },
    { press: { key: '7' }, want: '1 … 9' },
    { press: { key: 'F10', shiftKey: true }, want: 'Shift + F10  /  Menu' },
    { press: { key: 'F10' }, want: null },
    { press: { key: 'ContextMenu' }, want: 'Shift + F10  /  Menu' },
    { press: { key: 'Enter' }, want: 'Enter' },
    { press: { key: 'Backspace' }, want: 'D  /  Delete' },
    { press: { key: 'Delete' }, want: 'D  /  Delete' },
    { press: { key: '?', shiftKey: true }, want: '?' },
    { press: { key: ',' }, want: ',' },
    { press: { key: 'F3' }, want: 'F1 … F4' },
    { press: { key: 'F5' }, want: null },
    { press: { key: 'Escape' }, want: 'Esc' },
    { press: { key: 'Escape', ctrlKey: true }, want: 'Esc' },
    { press: { key: 'j' }, want: null },
  ])('$press.key (ctrl $press.ctrlKey, shift $press.shiftKey, alt $press.altKey) → $want', ({ press, want }) => {
    expect(shortcutFor(press)?.keys ?? null).toBe(want);
  });

  it('every row is reachable: its first chord triggers it', () => {
    for (const s of SHORTCUTS) {
      const chord = s.on[0];
      const mod = chord.includes('Mod+');
      const shift = chord.includes('Shift+');
      const key = chord.replace('Mod+', '').replace('Shift+', '');
      expect(shortcutFor({ key, ctrlKey: mod, shiftKey: shift })?.keys).toBe(s.keys);
    }
  });

  it('no two rows share a chord', () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS) {
      for (const c of s.on) {
        const norm = c.length === 1 || /\+.$/.test(c) ? c.toLowerCase() : c;
        expect(seen.get(norm), `${c} in ${s.keys}`).toBeUndefined();
        seen.set(norm, s.keys);
      }
    }
  });
});
