// The video / GIF export dialog: the options (every one defaulted: the whole run or its tour,
// the app's speed and theme), then Export closes it and the export runs with a progress bar and
// Cancel while the page stays usable. Where the browser lacks WebCodecs it says so and offers GIF.

import { useEffect, useState } from 'react';
import { useApp } from '../../store/app.ts';
import { activeTour } from '../../store/tour.ts';
import { toast } from '../../store/ui.ts';
import { currentScenarioOf } from '../../store/share.ts';
import { scenarioEnd } from '../../scenario/format.ts';
import type { Theme } from '../../store/prefs.ts';
import { download, fileBase } from '../export.ts';
import { Modal } from '../Modal.tsx';
import { exportGif, exportVideo, hasVideoEncoder, videoCodec } from './exporters.ts';
import { closeMediaExport, openMediaExport, useMediaExport, type MediaKind } from './mediaExportState.ts';
import { GIF_FPS, GIF_MAX_WIDTH, resolveVideoOptions, VIDEO_SIZES, type VideoContext, type VideoParts } from './options.ts';
import './media-export.css';

function context(): VideoContext {
  let end = 0;
  try {
    end = scenarioEnd(currentScenarioOf());
  } catch {
    /* an unshareable run: the export says why when it starts */
  }
  const { speed, theme } = useApp.getState();
  return { speed, theme, end, tour: activeTour() };
}

/** Runs an export with progress and cancel; downloads what it made. */
async function run(kind: MediaKind, options: Record<string, unknown>): Promise<void> {
  const controller = new AbortController();
  const onProgress = (p: { done: number; total: number; leftMs: number | null }) => useMediaExport.setState({ run: { kind, done: p.done, total: p.total, leftMs: p.leftMs } });
  useMediaExport.setState({ dialog: null, run: { kind, done: 0, total: 0, leftMs: null }, cancel: () => controller.abort() });
  let name = 'raftlab';
  try {
    name = fileBase(currentScenarioOf().title);
  } catch {
    /* the export reports it */
  }
  try {
    if (kind === 'video') {
      const r = await exportVideo(options, { signal: controller.signal, onProgress });
      const ext = r.video.type === 'video/mp4' ? 'mp4' : 'webm';
      download(`${name}.${ext}`, r.video, r.video.type);
      if (r.captions !== undefined) download(`${name}.vtt`, r.captions, 'text/vtt');
      toast(`Video saved: ${r.frames} frames (${r.codec.toUpperCase()})${r.captions !== undefined ? ', with its captions (.vtt)' : ''}.`);
    } else {
      download(`${name}.gif`, await exportGif(options, { signal: controller.signal, onProgress }), 'image/gif');
      toast('GIF saved.');
    }
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') toast('Export cancelled.');
    else toast(err instanceof Error ? err.message : String(err), 'error');
  } finally {
    useMediaExport.setState({ run: null, cancel: null });
  }
}

const THEMES: { id: Theme; label: string }[] = [
  { id: 'light', label: 'Light' },
  { id: 'dark', label: 'Dark' },
  { id: 'contrast', label: 'High contrast' },
];

export default function MediaExportDialog() {
  const kind = useMediaExport((s) => s.dialog) ?? 'video';
  const [ctx] = useState(context);
  const defaults = (() => {
    try {
      return resolveVideoOptions(kind, {}, ctx);
    } catch {
      return null;
    }
  })();
  const [from, setFrom] = useState(defaults?.from ?? 0);
  const [to, setTo] = useState(defaults?.to ?? 10_000);
  const [size, setSize] = useState(kind === 'video' ? '1280x720' : '640');
  const [fps, setFps] = useState(kind === 'video' ? 30 : 15);
  const [speed, setSpeed] = useState(ctx.speed);
  const [theme, setTheme] = useState<Theme>(ctx.theme);
  const [hold, setHold] = useState((defaults?.hold ?? 3000) / 1000);
  const [format, setFormat] = useState<'webm' | 'mp4'>('webm');
  const [parts, setParts] = useState<VideoParts>('stage');
  // what this browser encodes: 'none' (no WebCodecs), 'webm', 'both' (WebM and MP4); null while asked
  const [support, setSupport] = useState<string | null>(() => (hasVideoEncoder() ? null : 'none'));
  const hasTour = ctx.tour.length > 0;
  const busy = useMediaExport((s) => s.run !== null);

  useEffect(() => {
    if (kind !== 'video' || !hasVideoEncoder()) return;
    void videoCodec('mp4', 1280, 720).then((c) => setSupport(c === null ? 'webm' : 'both'));
  }, [kind]);

  const options = (): Record<string, unknown> => {
    const o: Record<string, unknown> = { from, to, fps, speed, theme, parts, hold: Math.round(hold * 1000) };
    if (kind === 'video') {
      const [w, h] = size.split('x').map(Number);
      Object.assign(o, { width: w, height: h, format });
    } else Object.assign(o, { width: Number(size) });
    return o;
  };
  let problem: string | null = null;
  try {
    resolveVideoOptions(kind, options(), ctx);
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }

  const title = kind === 'video' ? 'Export a video' : 'Export a GIF';
  return (
    <Modal
      title={title}
      labelId="media-export-title"
      onClose={closeMediaExport}
      footer={
        <>
          <button className="btn" onClick={closeMediaExport}>
            Close
          </button>
          <button className="btn primary" disabled={busy || problem !== null || (kind === 'video' && support === 'none')}
            title={busy ? 'An export is running: wait for it or cancel it' : undefined} onClick={() => void run(kind, options())} data-testid="media-start">
            Export
          </button>
        </>
      }
    >
      <p className="sc-muted">
        Every frame is drawn from the run at its exact moment, as the stage shows it paused there{hasTour ? '; each tour step holds with its text as a caption, also saved as a WebVTT file' : ''}.
        The page stays usable while it exports.
      </p>
      {kind === 'video' && support === 'none' && (
        <p className="sc-error" role="alert" data-testid="no-webcodecs">
          This browser cannot encode video: it has no WebCodecs VideoEncoder.{' '}
          <button className="btn small" onClick={() => openMediaExport('gif')}>
            Export a GIF instead
          </button>
        </p>
      )}
      <div className="media-form">
        <label htmlFor="media-from">From (ms)</label>
        <input id="media-from" type="number" min={0} step={100} value={from} onChange={(e) => setFrom(Number(e.target.value))} />
        <label htmlFor="media-to">To (ms)</label>
        <input id="media-to" type="number" min={0} step={100} value={to} onChange={(e) => setTo(Number(e.target.value))} />
        <label htmlFor="media-speed">Speed (×)</label>
        <input id="media-speed" type="number" min={0.01} max={100} step={0.05} value={speed} onChange={(e) => setSpeed(Number(e.target.value))} />
        <label htmlFor="media-size">Size</label>
        <select id="media-size" value={size} onChange={(e) => setSize(e.target.value)}>
          {kind === 'video'
            ? VIDEO_SIZES.map((s) => (
                <option key={s.width} value={`${s.width}x${s.height}`}>
                  {s.width}×{s.height}
                </option>
              ))
            : [480, 640, 800, GIF_MAX_WIDTH].map((w) => (
                <option key={w} value={String(w)}>
                  {w} px wide
                </option>
              ))}
        </select>
        <label htmlFor="media-fps">Frames per second</label>
        {kind === 'video' ? (
          <select id="media-fps" value={fps} onChange={(e) => setFps(Number(e.target.value))}>
            <option value={30}>30</option>
            <option value={60}>60</option>
          </select>
        ) : (
          <input id="media-fps" type="number" min={GIF_FPS.min} max={GIF_FPS.max} value={fps} onChange={(e) => setFps(Number(e.target.value))} />
        )}
        <label htmlFor="media-theme">Theme</label>
        <select id="media-theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
          {THEMES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        <label htmlFor="media-parts">Shows</label>
        <select id="media-parts" value={parts} onChange={(e) => setParts(e.target.value as VideoParts)}>
          <option value="stage">The stage (servers and messages)</option>
          <option value="stage+logs">The stage with the logs under it</option>
          <option value="app">The whole app, as in presentation mode</option>
        </select>
        {hasTour && (
          <>
            <label htmlFor="media-hold">Hold at each step (s)</label>
            <input id="media-hold" type="number" min={0} max={60} step={0.5} value={hold} onChange={(e) => setHold(Number(e.target.value))} />
          </>
        )}
        {kind === 'video' && (
          <>
            <label htmlFor="media-format">Format</label>
            <select id="media-format" value={format} onChange={(e) => setFormat(e.target.value as 'webm' | 'mp4')}>
              <option value="webm">WebM (VP9 or VP8)</option>
              <option value="mp4" disabled={support !== 'both'}>
                MP4 (H.264){support === 'webm' ? ' — not in this browser' : ''}
              </option>
            </select>
          </>
        )}
      </div>
      {problem !== null && (
        <p className="sc-error" role="alert">
          {problem}
        </p>
      )}
    </Modal>
  );
}
