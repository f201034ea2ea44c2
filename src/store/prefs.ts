// UI preferences kept across visits (theme, presentation mode, message labels) in
// localStorage, and what the system asks for on a first visit (colour scheme, contrast,
// reduced motion). The setters are in ui.ts; app.ts saves whenever one of them changes.

export type Theme = 'light' | 'dark' | 'contrast';

export const PREFS_KEY = 'raftlab.ui';

export interface Prefs {
  theme?: Theme;
  presentation?: boolean;
  showMessageLabels?: boolean;
}

/** The saved preferences; anything missing, malformed or unreadable is left out. */
export function loadPrefs(): Prefs {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFS_KEY);
    if (raw === null) return {};
    const p = JSON.parse(raw) as unknown;
    if (typeof p !== 'object' || p === null) return {};
    const o = p as Record<string, unknown>;
    const out: Prefs = {};
    if (o.theme === 'light' || o.theme === 'dark' || o.theme === 'contrast') out.theme = o.theme;
    if (typeof o.presentation === 'boolean') out.presentation = o.presentation;
    if (typeof o.showMessageLabels === 'boolean') out.showMessageLabels = o.showMessageLabels;
    return out;
  } catch {
    return {};
  }
}

/** Set in a page that renders video frames off-screen: its theme is the export's, not the user's to keep. */
let frozen = false;

export function freezePrefs(): void {
  frozen = true;
}

export function savePrefs(p: Required<Prefs>): void {
  try {
    if (frozen || typeof localStorage === 'undefined') return;
    localStorage.setItem(PREFS_KEY, JSON.stringify({ theme: p.theme, presentation: p.presentation, showMessageLabels: p.showMessageLabels }));
  } catch {
    /* private mode: preferences are not kept */
  }
}

function media(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

/** The first visit's theme: high contrast or dark when the system asks for it. */
export function defaultTheme(): Theme {
  if (media('(prefers-contrast: more)')) return 'contrast';
  if (media('(prefers-color-scheme: dark)')) return 'dark';
  return 'light';
}

/** prefers-reduced-motion: the app starts paused. */
export function prefersReducedMotion(): boolean {
  return media('(prefers-reduced-motion: reduce)');
}
