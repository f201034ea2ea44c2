// raftlab's entry point: mounts the visual simulator and exposes window.raftlab for scripting
// from the browser console (docs/api.md).

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchLongRuns } from './store/longRunNotice.ts';
import { createRaftlabHandle, type RaftlabHandle } from './store/scripting.ts';
import { loadFromLocation } from './store/share.ts';
import { loadOfflineLecture } from './offline/boot.ts';
import { App } from './view/App.tsx';
import { mediaApi, type MediaApi } from './view/video/api.ts';
import './view/app.css';

declare global {
  interface Window {
    raftlab: RaftlabHandle & MediaApi;
  }
}

window.raftlab = Object.assign(createRaftlabHandle(), mediaApi());
if (__RAFTLAB_OFFLINE__) loadOfflineLecture();
else loadFromLocation();
// a share link pasted into this tab's address bar changes only the hash: load it too
window.addEventListener('hashchange', loadFromLocation);
watchLongRuns(); // a long run without snapshots is told once where to turn them on

const root = document.getElementById('root');
if (root && !__RAFTLAB_OFFLINE__ && new URLSearchParams(location.search).get('export') === 'frames') {
  // the off-screen page a video or GIF export draws its frames in: the stage alone (its code loads only there)
  void import('./view/video/frameHost.tsx').then((m) => {
    m.installFrameHost();
    createRoot(root).render(<m.FrameStage />);
  });
} else if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
