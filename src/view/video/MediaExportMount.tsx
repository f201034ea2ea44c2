// The eager part of the video and GIF export: where its dialog and progress bar mount. Both are
// a chunk of their own, loaded when an export is first asked for.

import { lazy, Suspense } from 'react';
import { useMediaExport } from './mediaExportState.ts';

// the offline file leaves the export out (its frame page cannot load from disk): no chunk at all
const MediaExportDialog = __RAFTLAB_OFFLINE__ ? null : lazy(() => import('./MediaExportDialog.tsx'));
const MediaExportProgress = __RAFTLAB_OFFLINE__ ? null : lazy(() => import('./MediaExportProgress.tsx'));

export function MediaExportMount() {
  const dialog = useMediaExport((s) => s.dialog !== null);
  const running = useMediaExport((s) => s.run !== null);
  if (MediaExportDialog === null || MediaExportProgress === null || (!dialog && !running)) return null;
  return (
    <Suspense fallback={null}>
      {dialog && <MediaExportDialog />}
      {running && <MediaExportProgress />}
    </Suspense>
  );
}
