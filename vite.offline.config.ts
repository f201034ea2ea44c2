import { readFileSync } from 'node:fs';
import { mergeConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';
import base from './vite.config.ts';

// The offline lecture file (issue 16): the whole app as one .html that opens from disk (file://)
// with no network at all. `--mode offline` makes import.meta.env.MODE 'offline' (src/offline/mode.ts),
// which leaves out what a file:// page cannot load (Web Workers); vite-plugin-singlefile inlines
// every script, stylesheet and lazy chunk; the favicon becomes a data: URL. The template has no
// scenario: scripts/build-offline.ts (and the app's "Download as an offline lecture") write one in.
function inlineFavicon(): Plugin {
  const svg = readFileSync(new URL('./public/favicon.svg', import.meta.url));
  return {
    name: 'raftlab-inline-favicon',
    transformIndexHtml: (html) => html.replace('href="./favicon.svg"', `href="data:image/svg+xml;base64,${svg.toString('base64')}"`),
  };
}

// The video/GIF exporters (mediabunny, gifenc) cannot run in the file (their frame page loads the
// app from its server), so they are not put in it: every call says so (src/offline/data.ts).
function leaveOutExporters(): Plugin {
  return {
    name: 'raftlab-offline-leave-out-exporters',
    enforce: 'pre',
    load(id) {
      if (!id.replace(/\\/g, '/').endsWith('/src/view/video/exporters.ts')) return null;
      return [
        "import { OFFLINE_LEFT_OUT } from '../../offline/data.ts';",
        'const leftOut = () => Promise.reject(new Error(`Video and GIF export is ${OFFLINE_LEFT_OUT}`));',
        'export const exportVideo = leftOut, exportGif = leftOut, exportFrameSvg = leftOut;',
        'export const hasVideoEncoder = () => false;',
        'export const videoCodec = () => Promise.resolve(null);',
      ].join('\n');
    },
  };
}

export default mergeConfig(base, {
  plugins: [leaveOutExporters(), inlineFavicon(), viteSingleFile({ removeViteModuleLoader: true })],
  define: { __RAFTLAB_OFFLINE__: 'true' },
  publicDir: false,
  build: { outDir: process.env.OFFLINE_TEMPLATE_DIR ?? 'dist-offline/template', emptyOutDir: true },
});
