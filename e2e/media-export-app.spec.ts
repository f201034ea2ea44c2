// Video and GIF export (issue 16) of the larger parts, checked by decoding what was produced: a
// GIF with the logs ('stage+logs': its frame count, size, and the log grid in its lower part),
// and the whole app as in presentation mode ('app'): a 1280×720 and a 1920×1080 video (frame
// count, size, duration, mediabunny's demuxer in Node) and a 640 px GIF (frame count, size,
// duration, WebCodecs' ImageDecoder); frame k of the video is the app's picture at its moment,
// its stage the still image of the stage there, not the picture 40 ms away.

import { decodeVideo } from './decode.ts';
import { expect, test } from './support.ts';

test.beforeEach(() => {
  test.setTimeout(300_000); // the whole app's frames on a busy 2-core machine
});

test("a GIF with the logs ('stage+logs') decodes to its frames at its size, the log grid in the lower part", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  const r = await page.evaluate(async () => {
    window.raftlab.pause();
    const options = { from: 1000, to: 2000, speed: 1, fps: 10, width: 640 };
    const decode = async (gif: Blob) => {
      const decoder = new ImageDecoder({ data: await gif.arrayBuffer(), type: 'image/gif' });
      await decoder.tracks.ready;
      const last = await decoder.decode({ frameIndex: (decoder.tracks.selectedTrack?.frameCount ?? 1) - 1 });
      const c = new OffscreenCanvas(640, 360);
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (ctx === null) throw new Error('no canvas');
      ctx.drawImage(last.image, 0, 0);
      return { frames: decoder.tracks.selectedTrack?.frameCount, size: [last.image.displayWidth, last.image.displayHeight], pixels: ctx.getImageData(0, 0, 640, 360).data };
    };
    const withLogs = await decode(await window.raftlab.exportGif({ ...options, parts: 'stage+logs' }));
    const stageOnly = await decode(await window.raftlab.exportGif(options));
    // mean difference per channel over the lowest quarter (where the log grid sits)
    let sum = 0;
    const a = withLogs.pixels;
    const b = stageOnly.pixels;
    for (let i = 270 * 640 * 4; i < a.length; i += 4) sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
    return { frames: withLogs.frames, size: withLogs.size, lowerDiff: sum / (90 * 640) / 3 };
  });
  expect(r.frames, '1 s at 10 fps, both ends').toBe(11);
  expect(r.size).toEqual([640, 360]);
  expect(r.lowerDiff, 'the lower part is the log grid, not the stage').toBeGreaterThan(10);
});

test("the whole app ('app'): 31 frames of 1280×720 lasting ~1.03 s, frame 15 the app's picture at its moment", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // the whole app's frame page: the reference picture (the app in presentation mode, its stage the still image) at t
  await page.goto('./?export=frames&parts=app');
  await page.waitForFunction(() => (window as unknown as { raftlabFrameHost?: unknown }).raftlabFrameHost !== undefined && document.querySelector('.timeline') !== null);
  const r = await page.evaluate(async () => {
    type Host = {
      prepare(theme: string, until?: number): void;
      render(t: number): { svg: string; x: number; y: number; width: number; height: number };
      app(stageSvg: string): Promise<HTMLCanvasElement>;
    };
    const host = (window as unknown as { raftlabFrameHost: Host }).raftlabFrameHost;
    const theme = 'light';
    const fps = 30;
    const from = 2000;
    const to = 3000;
    host.prepare(theme, to);
    // the stage learns its size a frame later (a ResizeObserver): let the page settle before the reference
    for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const out = await window.raftlab.exportVideo({ from, to, speed: 1, fps, theme, parts: 'app' });
    const pixels = (source: CanvasImageSource, box = { x: 0, y: 0, width: 1280, height: 720 }) => {
      const c = new OffscreenCanvas(1280, 720);
      const ctx = c.getContext('2d', { willReadFrequently: true });
      if (ctx === null) throw new Error('no canvas');
      ctx.drawImage(source, box.x, box.y, box.width, box.height);
      return ctx.getImageData(0, 0, 1280, 720).data;
    };
    // the app at t as its frame page draws it, having run to the export's end (as the export's page has)
    const still = async (t: number) => {
      host.prepare(theme, to);
      const s = host.render(t);
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([s.svg], { type: 'image/svg+xml' }));
      await img.decode();
      return { app: pixels(await host.app(s.svg)), stage: pixels(img, s), box: s };
    };
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(out.video);
    await new Promise((res) => video.addEventListener('loadeddata', res, { once: true }));
    const k = 15;
    video.currentTime = (k + 0.5) / fps;
    await new Promise((res) => video.addEventListener('seeked', res, { once: true }));
    const frame = pixels(video);
    // mean difference per channel inside box
    const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray, box = { x: 0, y: 0, width: 1280, height: 720 }) => {
      let sum = 0;
      for (let y = box.y; y < box.y + box.height; y++) {
        for (let x = box.x; x < box.x + box.width; x++) {
          const i = (y * 1280 + x) * 4;
          sum += Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
        }
      }
      return sum / (box.width * box.height) / 3;
    };
    // over the pixels where the moment and a neighbour differ, is the frame the moment's picture or the neighbour's?
    const nearer = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
      let n = 0;
      let toA = 0;
      let toB = 0;
      for (let i = 0; i < a.length; i += 4) {
        if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) < 90) continue;
        n++;
        toA += Math.abs(frame[i] - a[i]) + Math.abs(frame[i + 1] - a[i + 1]) + Math.abs(frame[i + 2] - a[i + 2]);
        toB += Math.abs(frame[i] - b[i]) + Math.abs(frame[i + 1] - b[i + 1]) + Math.abs(frame[i + 2] - b[i + 2]);
      }
      return { changed: n, toSame: toA / Math.max(1, n) / 3, toOther: toB / Math.max(1, n) / 3 };
    };
    const t = from + Math.round((k * 1000) / fps);
    const same = await still(t);
    const later = await still(t + 40);
    const earlier = await still(t - 40);
    const bytes = new Uint8Array(await out.video.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    // the whole app is there: the toolbar's time, the side panel, the logs and the timeline
    const shown = ['.toolbar', '.side', '.bottom [data-testid="log-grid"]', '.timeline'].filter((q) => document.querySelector(q) !== null);
    return {
      frames: out.frames,
      video: btoa(s),
      shown,
      stageBox: same.box,
      toApp: diff(frame, same.app),
      stageToStill: diff(frame, same.stage, same.box),
      later: nearer(same.app, later.app),
      earlier: nearer(same.app, earlier.app),
    };
  });
  expect(r.frames).toBe(31);
  const d = await decodeVideo(r.video);
  expect(d).toMatchObject({ width: 1280, height: 720, packets: 31 });
  expect(d.duration).toBeCloseTo(31 / 30, 2);
  expect(r.shown).toHaveLength(4);
  // the stage is a part of the frame (the panels take the rest), as in the app
  expect(r.stageBox.width).toBeLessThan(1000);
  expect(r.stageBox.height).toBeLessThan(560);
  expect(r.toApp, "frame 15 is the whole app's picture at its moment").toBeLessThan(2);
  expect(r.stageToStill, "the frame's stage is the still image of the stage at its moment").toBeLessThan(2);
  for (const other of [r.later, r.earlier]) {
    expect(other.changed, 'something moved in 40 ms').toBeGreaterThan(50);
    expect(other.toSame, `frame 15 shows its own moment, not 40 ms away (${JSON.stringify(other)})`).toBeLessThan(other.toOther / 3);
  }
});

test("the whole app ('app') as a 1920×1080 video and as a 640 px GIF: frame count, size and duration", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  const r = await page.evaluate(async () => {
    window.raftlab.pause();
    const v = await window.raftlab.exportVideo({ from: 1000, to: 1300, speed: 1, fps: 30, width: 1920, height: 1080, parts: 'app' });
    const gif = await window.raftlab.exportGif({ from: 1000, to: 2000, speed: 1, fps: 10, width: 640, parts: 'app' });
    const decoder = new ImageDecoder({ data: await gif.arrayBuffer(), type: 'image/gif' });
    await decoder.tracks.ready;
    const count = decoder.tracks.selectedTrack?.frameCount ?? 0;
    let micros = 0;
    let size: number[] = [];
    for (let i = 0; i < count; i++) {
      const f = await decoder.decode({ frameIndex: i });
      micros += f.image.duration ?? 0;
      size = [f.image.displayWidth, f.image.displayHeight];
      f.image.close();
    }
    const bytes = new Uint8Array(await v.video.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { frames: v.frames, video: btoa(s), gifFrames: count, gifSize: size, gifSeconds: micros / 1e6 };
  });
  expect(r.frames, '0.3 s at 30 fps, both ends').toBe(10);
  const d = await decodeVideo(r.video);
  expect(d).toMatchObject({ width: 1920, height: 1080, packets: 10 });
  expect(d.duration).toBeCloseTo(10 / 30, 2);
  expect(r.gifFrames, '1 s at 10 fps, both ends').toBe(11);
  expect(r.gifSize).toEqual([640, 360]);
  expect(r.gifSeconds).toBeCloseTo(1.1, 2);
});
