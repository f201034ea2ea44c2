// The offline lecture file (issue 16): the same app built as one self-contained .html
// (`vite build --mode offline`, vite.offline.config.ts). This module is the whole of what the
// rest of the app needs to know about it: whether this page is that file, the lecture and the
// public address written into it, and the address share links are made against.

import { OFFLINE_DATA_ID, parseOfflineData, type OfflineData } from './data.ts';

/**
 * True in the offline file. Modules that guard code with it write `__RAFTLAB_OFFLINE__` itself:
 * a literal in each module is folded away, an imported constant is not.
 */
export const OFFLINE: boolean = __RAFTLAB_OFFLINE__;

/** The data of this page (offline file only; empty elsewhere). */
export function pageOfflineData(): OfflineData {
  if (!OFFLINE || typeof document === 'undefined') return {};
  const el = document.getElementById(OFFLINE_DATA_ID);
  return el === null ? {} : parseOfflineData(el.textContent);
}

/**
 * The address share links are made against: online, this page's; in the offline file, the public
 * address written into it, else the file itself (a link that reopens the file on this machine).
 */
export function shareBase(): string {
  if (typeof location === 'undefined') return 'http://localhost/';
  if (OFFLINE) return pageOfflineData().publicUrl ?? location.href;
  return location.href;
}
