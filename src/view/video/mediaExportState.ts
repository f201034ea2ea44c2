// Whether the video/GIF export dialog is open and the export running (its progress), kept apart
// from the dialog's code so the eager mount stays small: the dialog and the exporters load on use.

import { create } from 'zustand';

export type MediaKind = 'video' | 'gif';

export interface MediaRun {
  kind: MediaKind;
  done: number;
  total: number;
  leftMs: number | null;
}

export interface MediaExportState {
  dialog: MediaKind | null;
  run: MediaRun | null;
  /** Cancels the running export. */
  cancel: (() => void) | null;
}

export const useMediaExport = create<MediaExportState>()(() => ({ dialog: null, run: null, cancel: null }));

export function openMediaExport(kind: MediaKind): void {
  useMediaExport.setState({ dialog: kind });
}

export function closeMediaExport(): void {
  useMediaExport.setState({ dialog: null });
}
