// The data an offline lecture file carries besides the app (issue 16): its lecture and the public
// address of the app, as a JSON element in the page, written by scripts/build-offline.ts and the
// app's "Download as an offline lecture". Pure (no DOM, no Vite): Node scripts use it too.

/** The id of the `<script type="application/json">` element holding {@link OfflineData}. */
export const OFFLINE_DATA_ID = 'raftlab-offline';

/** What an offline file carries besides the app (written by scripts/build-offline.ts or the app's download). */
export interface OfflineData {
  /** The lecture as a share link's hash (`#s=…`), or absent: the default scenario. */
  link?: string;
  /** The public address of the app that share links made in this file point at (http/https). */
  publicUrl?: string;
}

/** What the offline file carries and leaves out (raftlab.offline, and the Share dialog in the file). */
export const OFFLINE_FEATURES = {
  carries: [
    'the simulator: play, pause, step, scrub, speed, every action',
    'the lecture written into it and its guided tour',
    'the lecture library, tours and the tour editor',
    'compare side by side',
    'the safety and linearizability checks',
    'share links (to the public address of the app)',
    'scenario, trace, SVG and PNG downloads',
  ],
  leftOut: ['counterexample search', 'exhaustive search', 'experiments', 'video and GIF export', 'making another offline file'],
} as const;

/** Features a file:// page cannot run (no module workers from disk), said in the UI where they live. */
export const OFFLINE_LEFT_OUT =
  'not in the offline lecture file: a page opened from disk cannot start the Web Workers it runs in. Open the app online to use it.';

/** Only http(s) addresses, without a hash: anything else is ignored. */
export function cleanPublicUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2000) return undefined;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

/** Parses the embedded data; anything malformed is dropped field by field, never thrown. */
export function parseOfflineData(text: string): OfflineData {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const out: OfflineData = {};
  if (typeof r.link === 'string' && r.link.startsWith('#')) out.link = r.link;
  const publicUrl = cleanPublicUrl(r.publicUrl);
  if (publicUrl !== undefined) out.publicUrl = publicUrl;
  return out;
}

/** The data as an HTML element's text: `<` escaped so no text can close the element. */
export function offlineDataElement(data: OfflineData): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return `<script type="application/json" id="${OFFLINE_DATA_ID}">${json}</script>`;
}

/** An offline file from the template: the data element put before `</head>` (replacing one already there). */
export function withOfflineData(template: string, data: OfflineData): string {
  const element = offlineDataElement(data);
  const existing = new RegExp(`<script type="application/json" id="${OFFLINE_DATA_ID}">[^<]*</script>`);
  if (existing.test(template)) return template.replace(existing, () => element);
  const at = template.indexOf('</head>');
  if (at < 0) throw new Error('The offline template has no </head>.');
  return template.slice(0, at) + element + template.slice(at);
}

