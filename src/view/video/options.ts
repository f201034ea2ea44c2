// Video and GIF export (issue 16), the pure part: options with their defaults and limits, the
// plan of frames (which simulated moment each frame shows, and the tour's caption on it), the
// tour's holds, and the WebVTT captions. Tested in options.test.ts; nothing here touches the DOM.

import type { TourStep } from '../../scenario/format.ts';
import type { Theme } from '../../store/prefs.ts';

export type VideoFormat = 'webm' | 'mp4';
/**
 * Which parts of the app the frames show: the stage alone, the stage with the log grid under it,
 * or the whole app as in presentation mode (toolbar, stage, side panel, logs, timeline).
 */
export type VideoParts = 'stage' | 'stage+logs' | 'app';
export const VIDEO_PARTS: readonly VideoParts[] = ['stage', 'stage+logs', 'app'];

export interface VideoOptions {
  /** Simulated ms of the first frame (default: the tour's first step, else 0). */
  from?: number;
  /** Simulated ms of the last frame (default: the tour's last step, else the scenario's end, else from + 10 s). */
  to?: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Simulated time per video time (default: the app's playback speed). */
  speed?: number;
  parts?: VideoParts;
  theme?: Theme;
  /** Each tour step held this long (video ms) with its text (default 3000; 0: no hold). */
  hold?: number;
  /** Burn the tour's text into the frames (default true when there is a tour). */
  captions?: boolean;
  /** Video only: 'webm' (VP9, else VP8) or 'mp4' (H.264). Default 'webm'. */
  format?: VideoFormat;
}

export interface ResolvedVideo {
  kind: 'video' | 'gif';
  from: number;
  to: number;
  width: number;
  height: number;
  fps: number;
  speed: number;
  parts: VideoParts;
  theme: Theme;
  hold: number;
  captions: boolean;
  format: VideoFormat;
}

/** What the defaults depend on: the app's state at the call. */
export interface VideoContext {
  speed: number;
  theme: Theme;
  /** The scenario's end (its last action or tour step), 0 when it has neither. */
  end: number;
  tour: readonly TourStep[];
}

export const VIDEO_SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
export const VIDEO_FPS = [30, 60] as const;
export const GIF_MAX_WIDTH = 960;
export const GIF_FPS = { min: 10, max: 25 } as const;
/** At most this many frames in one export (10 minutes at 30 fps). */
export const MAX_FRAMES = 18_000;
const THEMES: readonly Theme[] = ['light', 'dark', 'contrast'];

function whole(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.round(v) !== v) throw new Error(`${name} must be a whole number, got ${String(v)}.`);
  if (v < min || v > max) throw new Error(`${name} must be between ${min} and ${max}, got ${v}.`);
  return v;
}

/**
 * Options with every default filled in, checked: a bad one throws an Error naming the option and
 * what it accepts (the console call and the dialog show its message).
 */
export function resolveVideoOptions(kind: 'video' | 'gif', input: unknown, ctx: VideoContext): ResolvedVideo {
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) throw new Error('The options must be an object, e.g. { from: 0, to: 5000 }.');
  const o = (input ?? {}) as Record<string, unknown>;
  const known = new Set(['from', 'to', 'width', 'height', 'fps', 'speed', 'parts', 'theme', 'hold', 'captions', 'format']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new Error(`Unknown option '${k.slice(0, 40)}' (options: ${[...known].join(', ')}).`);
  const tour = ctx.tour;
  const from = o.from === undefined ? (tour.length > 0 ? tour[0].at : 0) : whole('from', o.from, 0, 30 * 24 * 3600_000);
  const defaultTo = tour.length > 0 ? tour[tour.length - 1].at : ctx.end > from ? ctx.end : from + 10_000;
  const to = o.to === undefined ? Math.max(defaultTo, from) : whole('to', o.to, 0, 30 * 24 * 3600_000);
  if (to < from) throw new Error(`to (${to}) must not be before from (${from}).`);
  let width: number;
  let height: number;
  if (kind === 'video') {
    width = o.width === undefined ? 1280 : whole('width', o.width, 16, 3840);
    height = o.height === undefined ? Math.round((width * 9) / 16 / 2) * 2 : whole('height', o.height, 16, 2160);
    if (width % 2 !== 0 || height % 2 !== 0) throw new Error(`width and height must be even for video, got ${width}×${height}.`);
  } else {
    width = o.width === undefined ? 640 : whole('width', o.width, 16, GIF_MAX_WIDTH);
    height = o.height === undefined ? Math.round((width * 9) / 16) : whole('height', o.height, 16, 2160);
  }
  const fps =
    kind === 'video'
      ? o.fps === undefined
        ? 30
        : whole('fps', o.fps, 1, 60)
      : o.fps === undefined
        ? 15
        : whole('fps', o.fps, GIF_FPS.min, GIF_FPS.max);
  const speed = o.speed === undefined ? ctx.speed : o.speed;
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < 0.01 || speed > 100) throw new Error(`speed must be a number from 0.01 to 100 (simulated time per video time), got ${String(speed)}.`);
  const parts = o.parts === undefined ? 'stage' : o.parts;
  if (!VIDEO_PARTS.includes(parts as VideoParts)) {
    throw new Error(
      `parts must be 'stage' (the servers and messages), 'stage+logs' (with the log grid under it) or 'app' (the whole app as in presentation mode), got ${JSON.stringify(parts)?.slice(0, 40) ?? String(parts)}.`,
    );
  }
  if (parts === 'app' && (width * 3 < height * 4 || width * 9 > height * 21)) {
    throw new Error(`parts: 'app' draws the whole app, which needs a landscape frame from 4:3 to 21:9 (e.g. 1280×720), got ${width}×${height}: change width or height.`);
  }
  const theme = o.theme === undefined ? ctx.theme : o.theme;
  if (typeof theme !== 'string' || !THEMES.includes(theme as Theme)) throw new Error(`theme must be one of ${THEMES.join(', ')}, got ${String(theme).slice(0, 40)}.`);
  const hold = o.hold === undefined ? (tour.length > 0 ? 3000 : 0) : whole('hold', o.hold, 0, 60_000);
  const captions = o.captions === undefined ? tour.length > 0 : o.captions;
  if (typeof captions !== 'boolean') throw new Error(`captions must be true or false, got ${String(captions)}.`);
  const format = o.format === undefined ? 'webm' : o.format;
  if (format !== 'webm' && format !== 'mp4') throw new Error(`format must be 'webm' or 'mp4', got ${String(format).slice(0, 40)}.`);
  const r: ResolvedVideo = { kind, from, to, width, height, fps, speed, parts: parts as VideoParts, theme: theme as Theme, hold, captions, format };
  const n = framePlan(r, tour).length;
  if (n > MAX_FRAMES) throw new Error(`That is ${n} frames, more than ${MAX_FRAMES}: shorten the range, or raise the speed or lower the frame rate.`);
  return r;
}

/** The whole app is laid out at least this wide (narrower, its panels would not fit): a smaller frame is that picture scaled down. */
export const APP_MIN_WIDTH = 1280;

/**
 * The size the frame page is laid out at: the frame's own, except that the whole app ('app') is
 * laid out at least APP_MIN_WIDTH wide with the frame's proportions and scaled down to the frame
 * (a 640 px GIF is the 1280×720 app at half size).
 */
export function framePageSize(r: Pick<ResolvedVideo, 'width' | 'height' | 'parts'>): { width: number; height: number } {
  if (r.parts !== 'app' || r.width >= APP_MIN_WIDTH) return { width: r.width, height: r.height };
  return { width: APP_MIN_WIDTH, height: Math.round((APP_MIN_WIDTH * r.height) / r.width) };
}

/** One output frame: the simulated moment it shows and the tour step whose text it carries (-1: none). */
export interface PlannedFrame {
  t: number;
  step: number;
}

/**
 * The frames: simulated time runs from `from` to `to` at `speed`; at every tour step within the
 * range the picture holds for `hold` video ms. Frame i is at video time i / fps. Simulated times
 * are whole ms (the app shows a paused time in whole ms, so a frame equals the still image there).
 */
export function framePlan(r: Pick<ResolvedVideo, 'from' | 'to' | 'fps' | 'speed' | 'hold'>, tour: readonly TourStep[]): PlannedFrame[] {
  const frameMs = 1000 / r.fps;
  // the video's timeline as segments: play (simulated from a to b) and hold (at a step)
  type Segment = { kind: 'play'; a: number; b: number; step: number } | { kind: 'hold'; at: number; step: number };
  const segments: Segment[] = [];
  let t = r.from;
  let step = -1;
  for (let i = 0; i < tour.length; i++) if (tour[i].at <= r.from && (r.hold === 0 || tour[i].at < r.from)) step = i;
  for (let i = 0; i < tour.length; i++) {
    const at = tour[i].at;
    if (at < r.from || at > r.to) continue;
    if (at > t) segments.push({ kind: 'play', a: t, b: at, step });
    step = i;
    if (r.hold > 0) segments.push({ kind: 'hold', at, step: i });
    t = at;
  }
  if (r.to > t || segments.length === 0) segments.push({ kind: 'play', a: t, b: r.to, step });
  const frames: PlannedFrame[] = [];
  let video = 0; // video ms at the start of the segment
  for (const s of segments) {
    const length = s.kind === 'play' ? (s.b - s.a) / r.speed : r.hold;
    const first = Math.ceil(video / frameMs - 1e-9);
    const end = video + length;
    for (let k = first; k * frameMs < end - 1e-9; k++) {
      const into = k * frameMs - video;
      frames.push({ t: s.kind === 'play' ? Math.min(s.b, Math.round(s.a + into * r.speed)) : s.at, step: s.step });
    }
    video = end;
  }
  // the last moment itself, so a run from a to b ends showing b
  const last = segments[segments.length - 1];
  const lastT = last.kind === 'play' ? last.b : last.at;
  if (frames.length === 0 || frames[frames.length - 1].t !== lastT) frames.push({ t: lastT, step: last.step });
  return frames;
}

/** A tour step's Markdown as one line of plain text for a caption. */
export function captionText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*(#{1,6}|>)[ \t]*/gm, '')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function vttTime(ms: number): string {
  const h = Math.floor(ms / 3600_000);
  const m = Math.floor((ms % 3600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const f = Math.round(ms % 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(f).padStart(3, '0')}`;
}

/** The captions as WebVTT: one cue per run of frames carrying the same step's text. */
export function webVtt(frames: readonly PlannedFrame[], fps: number, tour: readonly TourStep[]): string {
  const lines = ['WEBVTT', ''];
  let i = 0;
  let n = 0;
  while (i < frames.length) {
    const step = frames[i].step;
    let j = i;
    while (j < frames.length && frames[j].step === step) j++;
    if (step >= 0 && step < tour.length) {
      // cue text: no '-->' (it would end the cue's timing line), '&' and '<' escaped (WebVTT markup)
      const text = captionText(tour[step].text).replace(/-->/g, '→').replace(/&/g, '&amp;').replace(/</g, '&lt;');
      if (text !== '') {
        n++;
        lines.push(String(n), `${vttTime((i * 1000) / fps)} --> ${vttTime((j * 1000) / fps)}`, `Step ${step + 1}: ${text}`, '');
      }
    }
    i = j;
  }
  return lines.join('\n');
}
