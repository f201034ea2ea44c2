// The console's video, GIF and offline-file calls on window.raftlab (docs/api.md). Small and
// eager: the exporters (mediabunny, gifenc) load on the first call.

import { OFFLINE_FEATURES, OFFLINE_LEFT_OUT } from '../../offline/data.ts';
import { pageOfflineData } from '../../offline/mode.ts';
import type { ExportControl, VideoResult } from './exporters.ts';

export interface ExportCallOptions {
  /** Cancels the export (the promise rejects with an AbortError). */
  signal?: AbortSignal;
  /** Called after every frame: frames done / total, elapsed and estimated remaining wall ms. */
  onProgress?: ExportControl['onProgress'];
}

export interface MediaApi {
  /** The current run (or its tour) as WebM/MP4; the tour's narration as WebVTT captions. */
  exportVideo(options?: Record<string, unknown> & ExportCallOptions): Promise<VideoResult>;
  /** The current run (or its tour) as an animated GIF. */
  exportGif(options?: Record<string, unknown> & ExportCallOptions): Promise<Blob>;
  /** In the offline lecture file: what it carries and leaves out, and its public address; elsewhere null. */
  readonly offline: { file: true; carries: readonly string[]; leftOut: readonly string[]; publicUrl: string | null } | null;
}

function split(options: (Record<string, unknown> & ExportCallOptions) | undefined): [Record<string, unknown> | undefined, ExportControl] {
  if (options === undefined || typeof options !== 'object' || options === null) return [options, {}];
  const { signal, onProgress, ...rest } = options;
  const control: ExportControl = {};
  if (signal !== undefined) control.signal = signal;
  if (onProgress !== undefined) control.onProgress = onProgress;
  return [rest, control];
}

export function mediaApi(): MediaApi {
  if (__RAFTLAB_OFFLINE__) {
    // the offline file: no exporter chunk at all (its frame page cannot load from disk)
    const leftOut = (what: string) => Promise.reject(new Error(`${what} is ${OFFLINE_LEFT_OUT}`));
    return {
      exportVideo: () => leftOut('Video export'),
      exportGif: () => leftOut('GIF export'),
      offline: { file: true, carries: OFFLINE_FEATURES.carries, leftOut: OFFLINE_FEATURES.leftOut, publicUrl: pageOfflineData().publicUrl ?? null },
    };
  }
  return {
    exportVideo: (options) => {
      const [o, c] = split(options);
      return import('./exporters.ts').then((m) => m.exportVideo(o, c));
    },
    exportGif: (options) => {
      const [o, c] = split(options);
      return import('./exporters.ts').then((m) => m.exportGif(o, c));
    },
    offline: null,
  };
}
