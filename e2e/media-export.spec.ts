// Video and GIF export (issue 16), checked by decoding what was produced: the WebM's frame count,
// size, codec and duration (mediabunny's demuxer, in Node), the GIF's frame count and size
// (WebCodecs' ImageDecoder), the tour's captions (WebVTT), and frame k of the video against the
// still-image export of the stage at the same moment (it must match that moment, not a neighbour).

import type { Page } from '@playwright/test';
import { decodeVideo } from './decode.ts';
import { expect, test } from './support.ts';

test.beforeEach(() => {
  test.setTimeout(180_000); // rendering and encoding on a busy 2-core machine
});

async function frameHostPage(page: Page, hash = ''): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`./?export=frames${hash}`);
  await page.waitForFunction(() => (window as unknown as { raftlabFrameHost?: unknown }).raftlabFrameHost !== undefined && document.querySelector('.stage > svg.cluster') !== null);
}

test('a WebM of 1 s at 30 fps decodes to 31 VP9 frames of 1280×720 lasting ~1.03 s, and a GIF to its frames', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  const out = await page.evaluate(async () => {
    const b64 = async (b: Blob) => {
      const bytes = new Uint8Array(await b.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    };
    const progress: number[] = [];
    const v = await window.raftlab.exportVideo({ from: 0, to: 1000, speed: 1, onProgress: (p: { done: number }) => progress.push(p.done) });
    const gif = await window.raftlab.exportGif({ from: 0, to: 1000, speed: 1, fps: 10, width: 480 });
    const decoder = new ImageDecoder({ data: await gif.arrayBuffer(), type: 'image/gif' });
    await decoder.tracks.ready;
    const first = await decoder.decode({ frameIndex: 0 });
    return {
      video: await b64(v.video),
      type: v.video.type,
      captions: v.captions === undefined,
      frames: v.frames,
      progress: progress.length,
      gifFrames: decoder.tracks.selectedTrack?.frameCount,
      gifSize: [first.image.displayWidth, first.image.displayHeight],
      gifBytes: gif.size,
    };
  });
  expect(out.type).toBe('video/webm');
  expect(out.captions, 'no tour, no captions').toBe(true);
  expect(out.frames).toBe(31);
  expect(out.progress, 'progress after every frame').toBe(31);
  const d = await decodeVideo(out.video);
  expect(d).toMatchObject({ width: 1280, height: 720, codec: 'vp9', packets: 31 });
  expect(d.duration).toBeCloseTo(31 / 30, 2);
  expect(out.gifFrames).toBe(11);
  expect(out.gifSize).toEqual([480, 270]);
});

test('MP4 (H.264) where the browser encodes it (10 frames of 1920×1080); where it cannot, it says so', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  const out = await page.evaluate(async () => {
    const can = (await VideoEncoder.isConfigSupported({ codec: 'avc1.640028', width: 1920, height: 1080 })).supported === true;
    try {
      const v = await window.raftlab.exportVideo({ from: 0, to: 300, speed: 1, width: 1920, height: 1080, format: 'mp4' });
      const bytes = new Uint8Array(await v.video.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { can, type: v.video.type, frames: v.frames, video: btoa(s), error: null };
    } catch (err) {
      return { can, type: null, frames: 0, video: '', error: err instanceof Error ? err.message : String(err) };
    }
  });
  if (!out.can) {
    expect(out.error).toMatch(/cannot encode H\.264 \(MP4\).*export a GIF/);
    return;
  }
  expect(out.error).toBeNull();
  expect(out.type).toBe('video/mp4');
  const d = await decodeVideo(out.video);
  expect(d).toMatchObject({ width: 1920, height: 1080, codec: 'avc', packets: out.frames });
  expect(out.frames).toBe(10);
});

test('frame k of a video is the still-image export of the stage at its moment', async ({ page }) => {
  // a page whose stage is 1280×720, like the video's: its still export (clusterSvg) at t is the reference
  await frameHostPage(page);
  const r = await page.evaluate(async () => {
    const host = (window as unknown as { raftlabFrameHost: { prepare(t: string): void; render(t: number): { svg: string } } }).raftlabFrameHost;
    const theme = window.raftlab.cluster.now >= 0 ? (document.documentElement.dataset.theme ?? 'light') : 'light';
    const fps = 30;
    const out = await window.raftlab.exportVideo({ from: 0, to: 2000, speed: 1, fps, theme });
    const pixels = async (source: CanvasImageSource) => {
      const c = new OffscreenCanvas(1280, 720);
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (ctx === null) throw new Error('no canvas');
      ctx.drawImage(source, 0, 0, 1280, 720);
      return ctx.getImageData(0, 0, 1280, 720).data;
    };
    const still = async (t: number) => {
      host.prepare(theme);
      const url = URL.createObjectURL(new Blob([host.render(t).svg], { type: 'image/svg+xml' }));
      const img = new Image();
      img.src = url;
      await img.decode();
      return pixels(img);
    };
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(out.video);
    await new Promise((res) => video.addEventListener('loadeddata', res, { once: true }));
    const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
      let sum = 0;
      for (let i = 0; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
      return sum / (a.length / 4) / 3;
    };
    // over the pixels where the moment and a neighbour differ (the messages that moved), is the
    // video frame the moment's picture or the neighbour's?
    const nearer = (frame: Uint8ClampedArray, a: Uint8ClampedArray, b: Uint8ClampedArray) => {
      let n = 0;
      let toA = 0;
      let toB = 0;
      for (let i = 0; i < a.length; i += 4) {
        const ab = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
        if (ab < 90) continue;
        n++;
        toA += Math.abs(frame[i] - a[i]) + Math.abs(frame[i + 1] - a[i + 1]) + Math.abs(frame[i + 2] - a[i + 2]);
        toB += Math.abs(frame[i] - b[i]) + Math.abs(frame[i + 1] - b[i + 1]) + Math.abs(frame[i + 2] - b[i + 2]);
      }
      return { changed: n, toSame: toA / Math.max(1, n) / 3, toOther: toB / Math.max(1, n) / 3 };
    };
    const results = [];
    for (const k of [15, 40]) {
      video.currentTime = (k + 0.5) / fps;
      await new Promise((res) => video.addEventListener('seeked', res, { once: true }));
      const frame = await pixels(video);
      const t = Math.round((k * 1000) / fps);
      const same = await still(t);
      results.push({ k, same: diff(frame, same), later: nearer(frame, same, await still(t + 40)), earlier: nearer(frame, same, await still(t - 40)) });
    }
    return results;
  });
  for (const x of r) {
    expect(x.same, `frame ${x.k}: mean difference per channel from the still at its moment`).toBeLessThan(2);
    for (const other of [x.later, x.earlier]) {
      expect(other.changed, 'something moved in 40 ms').toBeGreaterThan(50);
      expect(other.toSame, `frame ${x.k}: where the stage changes, it shows its own moment, not 40 ms away (${JSON.stringify(other)})`).toBeLessThan(other.toOther / 3);
    }
  }
});

test('a tour exports with its narration: captions burned in and a WebVTT cue per step', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await page.getByTestId('lectures').click();
  await page.locator('[data-lecture="election"]').click();
  await expect(page.getByTestId('tour')).toBeVisible({ timeout: 15_000 });
  const r = await page.evaluate(async () => {
    const steps = window.raftlab.scenario().tour ?? [];
    const out = await window.raftlab.exportVideo({ fps: 30, hold: 500, speed: 1, width: 1280 });
    return { steps: steps.length, first: steps[0]?.at, last: steps[steps.length - 1]?.at, frames: out.frames, vtt: out.captions === undefined ? null : await out.captions.text() };
  });
  expect(r.steps).toBeGreaterThan(1);
  expect(r.vtt).not.toBeNull();
  const cues = (r.vtt ?? '').split('\n').filter((l) => l.includes(' --> '));
  expect(r.vtt?.startsWith('WEBVTT')).toBe(true);
  expect(cues).toHaveLength(r.steps);
  expect(r.vtt).toContain('Step 1: ');
  // the tour from its first to its last step at 1×, and a 0.5 s hold at each step
  const expected = Math.ceil(((r.last - r.first) / 1000 + (r.steps * 0.5)) * 30 - 1e-9);
  expect(Math.abs(r.frames - expected)).toBeLessThanOrEqual(1);
});

test('Share › Video: the options dialog, then progress with Cancel while the page stays usable', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await page.getByRole('button', { name: 'Share link' }).click();
  await page.getByTestId('export-video').click();
  await expect(page.getByRole('dialog', { name: 'Export a video' })).toBeVisible();
  await page.getByLabel('To (ms)').fill('30000');
  await page.getByTestId('media-start').click();
  await expect(page.getByTestId('media-progress')).toBeVisible();
  await expect(page.getByTestId('media-progress')).toContainText(/frame \d+ of \d+/);
  // the page is not blocked: the simulator still answers and a button still works
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(500);
  });
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime)).toBe(500);
  await page.getByTestId('media-cancel').click();
  await expect(page.getByTestId('media-progress')).toBeHidden();
  await expect(page.getByTestId('toast-info').getByText('Export cancelled.')).toBeVisible();
  await expect(page.locator('iframe[title="Video export frames"]'), 'the frame page is gone').toHaveCount(0);
});

test("parts 'stage+logs': 31 frames of 1280×720 with the log grid under the stage, each the app's picture at its moment", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // the frame page with the logs: the reference picture (the stage's still image and the log grid's region) at t
  await page.goto('./?export=frames&parts=stage%2Blogs');
  await page.waitForFunction(() => (window as unknown as { raftlabFrameHost?: unknown }).raftlabFrameHost !== undefined && document.querySelector('.bottom [data-testid="log-grid"]') !== null);
  const r = await page.evaluate(async () => {
    type Region = { x: number; y: number; width: number; height: number };
    const host = (
      window as unknown as {
        raftlabFrameHost: { prepare(t: string): void; render(t: number): Region & { svg: string }; logs(): Promise<Region & { url: string }>; background(): string };
      }
    ).raftlabFrameHost;
    const theme = document.documentElement.dataset.theme ?? 'light';
    host.prepare(theme);
    // client writes, so the logs hold entries (recorded in the run, as clicks on '+ Request' are)
    window.raftlab.seek(1500);
    for (let i = 0; i < 3; i++) window.raftlab.cluster.request({ type: 'put', key: `k${i}`, value: String(i) });
    host.prepare(theme);
    // a moment whose logs hold the writes
    const longest = () => Math.max(0, ...[...document.querySelectorAll('[data-last-index]')].map((e) => Number(e.getAttribute('data-last-index'))));
    let from = -1;
    for (let t = 0; t <= 30_000 && from < 0; t += 250) {
      host.render(t);
      if (longest() >= 3) from = t;
    }
    const fps = 30;
    const options = { from, to: from + 1000, speed: 1, fps, theme };
    const withLogs = await window.raftlab.exportVideo({ ...options, parts: 'stage+logs' });
    const stageOnly = await window.raftlab.exportVideo(options);
    const image = async (url: string) => {
      const img = new Image();
      img.src = url;
      await img.decode();
      return img;
    };
    const pixels = (draw: (ctx: OffscreenCanvasRenderingContext2D) => void) => {
      const c = new OffscreenCanvas(1280, 720);
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (ctx === null) throw new Error('no canvas');
      draw(ctx);
      return ctx.getImageData(0, 0, 1280, 720).data;
    };
    const reference = async (t: number) => {
      host.prepare(theme);
      const s = host.render(t);
      const stage = await image(URL.createObjectURL(new Blob([s.svg], { type: 'image/svg+xml' })));
      const logs = await host.logs();
      const grid = await image(logs.url);
      return {
        logs,
        data: pixels((ctx) => {
          ctx.fillStyle = host.background();
          ctx.fillRect(0, 0, 1280, 720);
          ctx.drawImage(stage, s.x, s.y, s.width, s.height);
          ctx.drawImage(grid, logs.x, logs.y, logs.width, logs.height);
        }),
      };
    };
    const frameOf = async (blob: Blob, k: number) => {
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(blob);
      await new Promise((res) => video.addEventListener('loadeddata', res, { once: true }));
      // On a loaded machine the seeked frame is sometimes not decoded yet when 'seeked' fires, and
      // drawing the video then draws nothing (a CI run compared an empty canvas with the frame):
      // seek again until a frame is drawn (video frames are opaque).
      for (let attempt = 0; ; attempt++) {
        video.currentTime = (k + 0.5) / fps;
        await new Promise((res) => video.addEventListener('seeked', res, { once: true }));
        const data = pixels((ctx) => ctx.drawImage(video, 0, 0, 1280, 720));
        if (data[3] !== 0 || attempt === 4) return data;
        await new Promise((res) => setTimeout(res, 200));
      }
    };
    // mean difference per channel over rows y0..y1
    const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray, y0 = 0, y1 = 720) => {
      let sum = 0;
      for (let i = y0 * 1280 * 4; i < y1 * 1280 * 4; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
      return sum / ((y1 - y0) * 1280) / 3;
    };
    const k = 15;
    const t = from + Math.round((k * 1000) / fps);
    const frame = await frameOf(withLogs.video, k);
    const ref = await reference(t);
    const bare = await frameOf(stageOnly.video, k);
    const y0 = ref.logs.y;
    const bytes = new Uint8Array(await withLogs.video.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return {
      from,
      frames: withLogs.frames,
      video: btoa(s),
      logsBox: ref.logs,
      toReference: diff(frame, ref.data),
      logsToReference: diff(frame, ref.data, y0, 720),
      logsToStageOnly: diff(frame, bare, y0, 720),
      stageOnlyToReference: diff(bare, ref.data, y0, 720),
    };
  });
  expect(r.from, 'the run has entries in its logs within 30 s').toBeGreaterThanOrEqual(0);
  expect(r.frames).toBe(31);
  const d = await decodeVideo(r.video);
  expect(d).toMatchObject({ width: 1280, height: 720, packets: 31 });
  // the log grid is the lower region of the frame, as in the app
  expect(r.logsBox.width).toBe(1280);
  expect(r.logsBox.height).toBeGreaterThan(100);
  expect(r.logsBox.y + r.logsBox.height).toBeLessThanOrEqual(720);
  expect(r.toReference, 'frame 15 is the stage and the logs at its moment').toBeLessThan(2);
  expect(r.logsToReference, 'the logs region is the log grid at its moment').toBeLessThan(2);
  expect(r.logsToStageOnly, 'the logs region is not the stage-only picture').toBeGreaterThan(10);
  expect(r.stageOnlyToReference).toBeGreaterThan(10);
});
