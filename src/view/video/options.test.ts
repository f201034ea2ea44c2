// The video/GIF export's plan: defaults (the whole run, or the tour from its first to its last
// step), frames at exact whole-ms moments, each tour step held with its text, WebVTT cues that
// match the frames, and options refused with a message naming what was wrong.

import { describe, expect, it } from 'vitest';
import type { TourStep } from '../../scenario/format.ts';
import { captionText, framePageSize, framePlan, resolveVideoOptions, webVtt, type VideoContext } from './options.ts';

const ctx = (tour: TourStep[] = [], end = 0): VideoContext => ({ speed: 0.5, theme: 'dark', end, tour });
const tour: TourStep[] = [
  { at: 1000, text: 'S1 times out and **campaigns**.' },
  { at: 2000, text: 'It wins: see [Figure 2](https://raft.github.io).' },
];

describe('resolveVideoOptions', () => {
  it('defaults to the whole run at the app’s speed and theme, 1280×720 at 30 fps', () => {
    const r = resolveVideoOptions('video', undefined, ctx([], 8000));
    expect(r).toMatchObject({ from: 0, to: 8000, width: 1280, height: 720, fps: 30, speed: 0.5, theme: 'dark', parts: 'stage', format: 'webm', captions: false, hold: 0 });
  });

  it('a run without actions plays 10 s from its start; a GIF is 640 px at 15 fps', () => {
    expect(resolveVideoOptions('gif', {}, ctx())).toMatchObject({ from: 0, to: 10_000, width: 640, height: 360, fps: 15 });
  });

  it('a tour goes from its first step to its last, holding 3 s at each with captions', () => {
    expect(resolveVideoOptions('video', {}, ctx(tour, 5000))).toMatchObject({ from: 1000, to: 2000, hold: 3000, captions: true });
  });

  it.each([
    [{ fps: 24.5 }, /fps must be a whole number/],
    [{ width: 1281 }, /even/],
    [{ from: 500, to: 100 }, /to \(100\) must not be before from \(500\)/],
    [{ speed: 0 }, /speed must be a number from 0.01 to 100/],
    [{ theme: 'neon' }, /theme must be one of light, dark, contrast/],
    [{ parts: 'logs' }, /parts must be 'stage' .*, 'stage\+logs' .* or 'app' \(the whole app as in presentation mode\), got "logs"/],
    [{ parts: 'app', width: 1280, height: 1280 }, /parts: 'app' .* needs a landscape frame from 4:3 to 21:9 .*got 1280×1280/],
    [{ parts: 3 }, /parts must be .*got 3/],
    [{ format: 'avi' }, /format must be 'webm' or 'mp4'/],
    [{ colour: 1 }, /Unknown option 'colour'/],
    [{ from: 0, to: 3_600_000, speed: 0.01 }, /frames, more than/],
  ])('refuses %j with a message naming it', (o, message) => {
    expect(() => resolveVideoOptions('video', o, ctx())).toThrow(message);
  });

  it("takes parts 'stage+logs' for video and GIF", () => {
    expect(resolveVideoOptions('video', { parts: 'stage+logs' }, ctx()).parts).toBe('stage+logs');
    expect(resolveVideoOptions('gif', { parts: 'stage+logs' }, ctx()).parts).toBe('stage+logs');
  });

  it("takes parts 'app' (the whole app) for video at 1280×720 and 1920×1080 and for a GIF up to 960 px", () => {
    expect(resolveVideoOptions('video', { parts: 'app' }, ctx())).toMatchObject({ parts: 'app', width: 1280, height: 720 });
    expect(resolveVideoOptions('video', { parts: 'app', width: 1920, height: 1080 }, ctx())).toMatchObject({ parts: 'app', width: 1920, height: 1080 });
    expect(resolveVideoOptions('gif', { parts: 'app', width: 960 }, ctx())).toMatchObject({ parts: 'app', width: 960, height: 540 });
    expect(() => resolveVideoOptions('gif', { parts: 'app', width: 1280 }, ctx())).toThrow(/width must be between 16 and 960/);
  });

  it('lays the whole app out at least 1280 px wide, in the frame’s proportions, and the other parts at the frame’s size', () => {
    expect(framePageSize({ parts: 'app', width: 1920, height: 1080 })).toEqual({ width: 1920, height: 1080 });
    expect(framePageSize({ parts: 'app', width: 1280, height: 720 })).toEqual({ width: 1280, height: 720 });
    expect(framePageSize({ parts: 'app', width: 640, height: 360 })).toEqual({ width: 1280, height: 720 });
    expect(framePageSize({ parts: 'app', width: 960, height: 720 })).toEqual({ width: 1280, height: 960 });
    expect(framePageSize({ parts: 'stage+logs', width: 640, height: 360 })).toEqual({ width: 640, height: 360 });
  });

  it('refuses a GIF wider than 960 px or outside 10–25 fps', () => {
    expect(() => resolveVideoOptions('gif', { width: 1280 }, ctx())).toThrow(/width must be between 16 and 960/);
    expect(() => resolveVideoOptions('gif', { fps: 30 }, ctx())).toThrow(/fps must be between 10 and 25/);
  });
});

describe('framePlan', () => {
  it('frame i shows the whole ms from + i / fps × speed, ending on `to`', () => {
    const plan = framePlan({ from: 0, to: 1000, fps: 10, speed: 1, hold: 0 }, []);
    expect(plan.map((f) => f.t)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
  });

  it('20 s of video at 30 fps is 600 frames and the last moment', () => {
    const plan = framePlan({ from: 0, to: 20_000, fps: 30, speed: 1, hold: 0 }, []);
    expect(plan).toHaveLength(601);
    expect(plan[1].t).toBe(33);
    expect(plan[3].t).toBe(100);
    expect(plan.every((f) => Number.isInteger(f.t))).toBe(true);
  });

  it('holds each step for `hold` ms at its moment, the step’s text on every frame from there', () => {
    const plan = framePlan({ from: 1000, to: 2000, fps: 10, speed: 1, hold: 500 }, tour);
    // hold at 1000 (5 frames), play 1000→2000 (10 frames), hold at 2000 (5 frames), the last moment
    expect(plan.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => ({ t: 1000, step: 0 })));
    expect(plan.slice(5, 15).map((f) => f.t)).toEqual([1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900]);
    expect(plan.slice(5, 15).every((f) => f.step === 0)).toBe(true);
    expect(plan.slice(15, 20)).toEqual(Array.from({ length: 5 }, () => ({ t: 2000, step: 1 })));
    expect(plan).toHaveLength(20);
  });

  it('a range starting after a step carries that step’s text', () => {
    const plan = framePlan({ from: 1500, to: 1600, fps: 10, speed: 1, hold: 500 }, tour);
    expect(plan.every((f) => f.step === 0)).toBe(true);
  });
});

describe('captions', () => {
  it('Markdown becomes plain text', () => {
    expect(captionText(tour[1].text)).toBe('It wins: see Figure 2.');
    expect(captionText('A `code` and\n\n> quote')).toBe('A code and quote');
  });

  it('WebVTT has one cue per step, timed by the frames', () => {
    const plan = framePlan({ from: 1000, to: 2000, fps: 10, speed: 1, hold: 500 }, tour);
    const vtt = webVtt(plan, 10, tour);
    expect(vtt).toBe(
      ['WEBVTT', '', '1', '00:00:00.000 --> 00:00:01.500', 'Step 1: S1 times out and campaigns.', '', '2', '00:00:01.500 --> 00:00:02.000', 'Step 2: It wins: see Figure 2.', ''].join('\n'),
    );
  });

  it('a cue’s text cannot end the cue early', () => {
    const t: TourStep[] = [{ at: 0, text: 'a --> b & <c>' }];
    expect(webVtt([{ t: 0, step: 0 }], 30, t)).toContain('Step 1: a → b &amp; &lt;c>');
  });
});
