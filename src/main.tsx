// raftlab's entry point: mounts the visual simulator and exposes window.raftlab for scripting
// from the browser console (docs/api.md).

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchLongRuns } from './store/longRunNotice.ts';
import { createRaftlabHandle, type RaftlabHandle } from './store/scripting.ts';
import { loadFromLocation } from './store/share.ts';
import { App } from './view/App.tsx';
import './view/app.css';

declare global {
  interface Window {
    raftlab: RaftlabHandle;
  }
}

window.raftlab = createRaftlabHandle();
loadFromLocation();
// a share link pasted into this tab's address bar changes only the hash: load it too
window.addEventListener('hashchange', loadFromLocation);
watchLongRuns(); // a long run without snapshots is told once where to turn them on

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
