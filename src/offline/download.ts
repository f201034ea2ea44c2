// "Download as an offline lecture" (Share dialog): the build's offline template
// (raftlab-offline.html, beside index.html) with this run and its tour written in, and this
// page's address as the public address its share links point at. Loaded when used.

import { cleanPublicUrl, withOfflineData } from './data.ts';

export const OFFLINE_TEMPLATE = 'raftlab-offline.html';

/** The offline file's text for a share link (`link`: its full URL or its hash). */
export async function offlineLecture(link: string): Promise<string> {
  let template: string;
  try {
    const res = await fetch(new URL(OFFLINE_TEMPLATE, location.href));
    if (!res.ok) throw new Error(String(res.status));
    template = await res.text();
  } catch {
    throw new Error(`This server has no ${OFFLINE_TEMPLATE}: the offline file is made by the build (npm run build, or npm run build:offline), not by the development server.`);
  }
  if (!template.includes('<html')) throw new Error(`${OFFLINE_TEMPLATE} on this server is not the offline template.`);
  const hash = link.slice(link.indexOf('#'));
  const page = new URL(location.href);
  page.search = '';
  const publicUrl = cleanPublicUrl(page.href);
  return withOfflineData(template, publicUrl === undefined ? { link: hash } : { link: hash, publicUrl });
}
