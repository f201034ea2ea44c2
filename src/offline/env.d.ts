// Set by Vite's `define` (vite.config.ts: false; vite.offline.config.ts: true): a literal at each
// use, so the online build drops the offline file's branches and the offline build the others.
declare const __RAFTLAB_OFFLINE__: boolean;
