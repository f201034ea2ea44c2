// Video and GIF export (issue 16): frames from the off-screen renderer at exact simulated times
// (options.ts plans them), encoded as WebM (VP9, else VP8) or MP4 (H.264) through the browser's
// WebCodecs VideoEncoder and mediabunny's muxers, or as a GIF through gifenc with a palette that
// keeps the theme's colours exact. Loaded only when an export starts (a chunk of its own).

import { BufferTarget, Mp4OutputFormat, Output, QUALITY_HIGH, VideoSample, VideoSampleSource, WebMOutputFormat, canEncodeVideo, type VideoCodec } from 'mediabunny';
import { GIFEncoder, type Palette } from 'gifenc';
import { gifDelays, gifPalette, indexPixels } from './gif.ts';
import { scenarioEnd } from '../../scenario/format.ts';
import { scenarioToHash } from '../../scenario/url.ts';
import { useApp } from '../../store/app.ts';
import { currentScenarioOf } from '../../store/share.ts';
import { activeTour } from '../../store/tour.ts';
import { drawCaption } from './captions.ts';
import { captionText, framePlan, resolveVideoOptions, webVtt, type PlannedFrame, type ResolvedVideo, type VideoContext } from './options.ts';
import { abortError, openFrameRenderer, type FrameRenderer } from './renderer.ts';

export interface ExportProgress {
  done: number;
  total: number;
  /** Wall ms so far, and the estimate of what is left (null until a few frames are done). */
  elapsedMs: number;
  leftMs: number | null;
}

export interface ExportControl {
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
}

export interface VideoResult {
  video: Blob;
  captions?: Blob;
  /** The codec used ('vp9', 'vp8', 'avc') and the number of frames. */
  codec: string;
  frames: number;
}

/** The app's state the defaults depend on, and the run being exported. */
function appContext(): { ctx: VideoContext; hash: string; tourText: (step: number) => string } {
  const scenario = currentScenarioOf();
  const tour = activeTour();
  const { speed, theme } = useApp.getState();
  return {
    ctx: { speed, theme, end: scenarioEnd(scenario), tour },
    // the run alone: no tour panel, no compare pane, no experiment in the frame page
    hash: scenarioToHash({ ...scenario, tour: undefined, compare: undefined, experiment: undefined }),
    tourText: (step) => (step >= 0 && step < tour.length ? captionText(tour[step].text) : ''),
  };
}

/** Whether this browser has WebCodecs' VideoEncoder at all (GIF needs none). */
export function hasVideoEncoder(): boolean {
  return typeof VideoEncoder !== 'undefined';
}

const NO_WEBCODECS = 'This browser cannot encode video: it has no WebCodecs VideoEncoder (Chrome, Edge and Safari 16.4+ do; Firefox on Linux does not). Export a GIF instead.';

/** The codec a video of this format and size is encoded with here, or null. */
export async function videoCodec(format: 'webm' | 'mp4', width: number, height: number): Promise<VideoCodec | null> {
  if (!hasVideoEncoder()) return null;
  const candidates: VideoCodec[] = format === 'webm' ? ['vp9', 'vp8'] : ['avc'];
  for (const c of candidates) if (await canEncodeVideo(c, { width, height })) return c;
  return null;
}

/**
 * Lets the page handle input and paint between frames. A timer task, not scheduler.yield: its
 * continuation outranks rendering, and under load the page's own frames were starved.
 */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Renders every planned frame onto `canvas`, calling `emit` after each (captions burned in). */
async function renderFrames(
  r: ResolvedVideo,
  plan: readonly PlannedFrame[],
  hash: string,
  tourText: (step: number) => string,
  canvas: OffscreenCanvas,
  control: ExportControl,
  emit: (index: number, ctx: OffscreenCanvasRenderingContext2D) => Promise<void>,
  before?: (renderer: FrameRenderer) => Promise<void>,
): Promise<void> {
  const ctx = canvas.getContext('2d', { willReadFrequently: r.kind === 'gif' });
  if (ctx === null) throw new Error('No 2D canvas in this browser.');
  const renderer = await openFrameRenderer({ width: r.width, height: r.height, theme: r.theme, hash, parts: r.parts, until: r.to, signal: control.signal });
  const started = performance.now();
  try {
    if (before !== undefined) await before(renderer);
    for (let i = 0; i < plan.length; i++) {
      if (control.signal?.aborted === true) throw abortError();
      await renderer.draw(ctx, plan[i].t);
      if (r.captions) drawCaption(ctx, tourText(plan[i].step));
      await emit(i, ctx);
      const elapsedMs = performance.now() - started;
      const done = i + 1;
      control.onProgress?.({ done, total: plan.length, elapsedMs, leftMs: done >= 3 ? (elapsedMs / done) * (plan.length - done) : null });
      await yieldToPage(); // the page stays usable while it exports
    }
  } finally {
    renderer.close();
  }
}

/** `raftlab.exportVideo(options)`: the run (or its tour) as WebM or MP4, and the tour's captions as WebVTT. */
export async function exportVideo(options?: unknown, control: ExportControl = {}): Promise<VideoResult> {
  const app = appContext();
  const r = resolveVideoOptions('video', options, app.ctx);
  if (!hasVideoEncoder()) throw new Error(NO_WEBCODECS);
  const codec = await videoCodec(r.format, r.width, r.height);
  if (codec === null) {
    throw new Error(
      r.format === 'mp4'
        ? 'This browser cannot encode H.264 (MP4) at this size: choose WebM, or export a GIF.'
        : `This browser cannot encode VP9 or VP8 at ${r.width}×${r.height}: try 1280×720, MP4, or export a GIF.`,
    );
  }
  const plan = framePlan(r, app.ctx.tour);
  const canvas = new OffscreenCanvas(r.width, r.height);
  let framesDone = 0;
  const target = new BufferTarget();
  const output = new Output({ format: r.format === 'webm' ? new WebMOutputFormat() : new Mp4OutputFormat({ fastStart: 'in-memory' }), target });
  // 'realtime' picks libvpx's faster settings: flat graphics keep their quality, encoding keeps up
  const source = new VideoSampleSource({ codec, quality: QUALITY_HIGH, keyFrameInterval: 2, latencyMode: 'realtime' });
  output.addVideoTrack(source, { frameRate: r.fps });
  await output.start();
  // frame i is encoded while frame i + 1 is drawn
  let pending: Promise<void> = Promise.resolve();
  try {
    await renderFrames(r, plan, app.hash, app.tourText, canvas, control, async () => {
      const frame = new VideoFrame(canvas, { timestamp: Math.round((framesDone * 1e6) / r.fps), duration: Math.round(1e6 / r.fps) });
      framesDone++;
      const sample = new VideoSample(frame);
      await pending;
      pending = source.add(sample).finally(() => {
        sample.close();
        frame.close();
      });
    });
    await pending;
    source.close();
    await output.finalize();
  } catch (err) {
    await pending.catch(() => undefined);
    await output.cancel();
    throw err;
  }
  const buffer = target.buffer;
  if (buffer === null) throw new Error('The video could not be written.');
  const video = new Blob([buffer], { type: r.format === 'webm' ? 'video/webm' : 'video/mp4' });
  const hasCaptions = plan.some((f) => f.step >= 0);
  return hasCaptions
    ? { video, captions: new Blob([webVtt(plan, r.fps, app.ctx.tour)], { type: 'text/vtt' }), codec, frames: plan.length }
    : { video, codec, frames: plan.length };
}

/** `raftlab.exportGif(options)`: the run (or its tour) as an animated GIF. */
export async function exportGif(options?: unknown, control: ExportControl = {}): Promise<Blob> {
  const app = appContext();
  const r = resolveVideoOptions('gif', options, app.ctx);
  const plan = framePlan(r, app.ctx.tour);
  const canvas = new OffscreenCanvas(r.width, r.height);
  const delays = gifDelays(plan.length, r.fps);
  const gif = GIFEncoder();
  let palette: Palette = [];
  let cache = new Map<number, number>();
  await renderFrames(
    r,
    plan,
    app.hash,
    app.tourText,
    canvas,
    control,
    (i, ctx) => {
      const rgba = ctx.getImageData(0, 0, r.width, r.height).data;
      gif.writeFrame(indexPixels(rgba, palette, cache), r.width, r.height, i === 0 ? { palette, delay: delays[i], repeat: 0 } : { delay: delays[i] });
      return Promise.resolve();
    },
    async (renderer) => {
      // the palette from the first, middle and last frames (captions included)
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      if (ctx === null) throw new Error('No 2D canvas in this browser.');
      const samples: Uint8ClampedArray[] = [];
      for (const k of [...new Set([0, Math.floor(plan.length / 2), plan.length - 1])]) {
        await renderer.draw(ctx, plan[k].t);
        if (r.captions) drawCaption(ctx, app.tourText(plan[k].step));
        samples.push(ctx.getImageData(0, 0, r.width, r.height).data);
      }
      const p = gifPalette(samples, renderer.themeColours());
      palette = p.palette;
      cache = p.exact;
    },
  );
  gif.finish();
  return new Blob([gif.bytes().slice()], { type: 'image/gif' });
}

/** The SVG frame k of an export is drawn from (for tests: it equals the still-image export at its time). */
export async function exportFrameSvg(kind: 'video' | 'gif', options: unknown, k: number): Promise<{ t: number; svg: string }> {
  const app = appContext();
  const r = resolveVideoOptions(kind, options, app.ctx);
  const plan = framePlan(r, app.ctx.tour);
  if (!Number.isInteger(k) || k < 0 || k >= plan.length) throw new Error(`frame must be 0 to ${plan.length - 1}, got ${String(k)}.`);
  const renderer = await openFrameRenderer({ width: r.width, height: r.height, theme: r.theme, hash: app.hash, parts: r.parts, until: r.to });
  try {
    return { t: plan[k].t, svg: renderer.svg(plan[k].t) };
  } finally {
    renderer.close();
  }
}
