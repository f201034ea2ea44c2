// Input does what the user meant (issue 14): Space is play/pause unless a control was reached by
// keyboard (a clicked button is never pressed again by Space), and the timeline's handle stays
// under the pointer for the whole drag (the track neither shrinks nor rescales mid-drag).

import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const playing = (page: Page) => page.evaluate(() => window.raftlab.playing);
const networkActions = (page: Page) => page.evaluate(() => window.raftlab.cluster.actions().filter((a) => a.type === 'setNetwork').length);

test('after clicking a toolbar button, Space plays and pauses instead of pressing it again', async ({ page }) => {
  await page.evaluate(() => window.raftlab.pause());
  const manual = page.getByRole('button', { name: 'Manual' });
  await manual.click();
  await expect(page.getByText('You are the network.')).toBeVisible();
  expect(await networkActions(page)).toBe(1);
  await expect(manual).toBeFocused(); // the click left focus on it …
  await page.keyboard.press(' ');
  // … but Space played instead of toggling manual mode off again
  await expect.poll(() => playing(page)).toBe(true);
  expect(await networkActions(page)).toBe(1);
  await expect(page.getByText('You are the network.')).toBeVisible();
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(false);
  expect(await networkActions(page)).toBe(1);
});

test('a button reached by keyboard is pressed by Space', async ({ page }) => {
  await page.evaluate(() => window.raftlab.pause());
  const manual = page.getByRole('button', { name: 'Manual' });
  await manual.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab'); // reached by keyboard
  await expect(manual).toBeFocused();
  await page.keyboard.press(' ');
  await expect(page.getByText('You are the network.')).toBeVisible();
  expect(await networkActions(page)).toBe(1);
  expect(await playing(page)).toBe(false);
});

test('after clicking a checkbox, Space plays instead of unticking it; reached by Tab, Space ticks it', async ({ page }) => {
  await page.evaluate(() => window.raftlab.pause());
  await page.keyboard.press('F2'); // the space-time diagram and its "hide heartbeats" checkbox
  const hide = page.getByRole('checkbox', { name: /hide heartbeats/ });
  const before = await hide.isChecked();
  await hide.click();
  await expect(hide).toBeChecked({ checked: !before });
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  await expect(hide).toBeChecked({ checked: !before });
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(false);
  // reached by keyboard: Space is the checkbox's
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(hide).toBeFocused();
  await page.keyboard.press(' ');
  await expect(hide).toBeChecked({ checked: before });
  expect(await playing(page)).toBe(false);
});

test('after clicking + Request, Space plays instead of sending another request', async ({ page }) => {
  await page.evaluate(() => window.raftlab.pause());
  const requests = () => page.evaluate(() => window.raftlab.cluster.actions().filter((a) => a.type === 'request').length);
  await page.getByRole('button', { name: '+ Request' }).click();
  expect(await requests()).toBe(1);
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  expect(await requests()).toBe(1);
});

test('the timeline keeps its width and scale while the handle is dragged, and the handle follows the pointer', async ({ page }) => {
  await page.evaluate(() => window.raftlab.setSpeed(10));
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime), { timeout: 20_000 }).toBeGreaterThan(3000);
  await page.evaluate(() => window.raftlab.pause());
  const timeline = page.getByTestId('timeline');
  const track = page.locator('.tl-track');
  const width0 = (await track.boundingBox())!.width;
  const handle = page.locator('.tl-handle');
  const hb = (await handle.boundingBox())!;
  const y = hb.y + 20;
  let x = hb.x + hb.width / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  let prevT = await page.evaluate(() => window.raftlab.displayedTime);
  // drag left in steps: time only goes back, the handle stays under the pointer, the track keeps its width
  for (let i = 0; i < 8; i++) {
    x -= 40;
    await page.mouse.move(x, y, { steps: 2 });
    await expect(page.locator('.past-note')).toBeVisible();
    const t = await page.evaluate(() => window.raftlab.displayedTime);
    expect(t).toBeLessThan(prevT);
    prevT = t;
    const now = (await handle.boundingBox())!;
    expect(Math.abs(now.x + now.width / 2 - x)).toBeLessThan(2);
    expect((await track.boundingBox())!.width).toBeCloseTo(width0, 0);
  }
  // dragging past the computed end does not rescale the axis under the pointer
  const axis0 = await timeline.locator('.axis text').allTextContents();
  await page.mouse.move(box(await track.boundingBox()).right - 2, y, { steps: 4 });
  expect(await timeline.locator('.axis text').allTextContents()).toEqual(axis0);
  const now = (await handle.boundingBox())!;
  expect(Math.abs(now.x + now.width / 2 - (box(await track.boundingBox()).right - 2))).toBeLessThan(2);
  await page.mouse.up();
});

function box(b: { x: number; width: number } | null) {
  return { right: (b?.x ?? 0) + (b?.width ?? 0) };
}

test('in the tour editor, Space after clicking a checkbox plays and leaves it ticked', async ({ page }) => {
  await page.evaluate(() => window.raftlab.pause());
  await page.getByTestId('edit-tour').click();
  const editor = page.getByTestId('tour-editor');
  await expect(editor).toBeVisible();
  await page.getByTestId('add-step').click();
  const box = editor.getByRole('checkbox', { name: 'S2' });
  await box.click();
  await expect(box).toBeChecked();
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  await expect(box).toBeChecked();
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(false);
  await expect(box).toBeChecked();
});

test('a control reached by Tab and then clicked counts as clicked: Space plays', async ({ page }) => {
  await page.evaluate(() => window.raftlab.pause());
  const manual = page.getByRole('button', { name: 'Manual' });
  await manual.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(manual).toBeFocused();
  await manual.click();
  expect(await networkActions(page)).toBe(1);
  await page.keyboard.press(' ');
  await expect.poll(() => playing(page)).toBe(true);
  expect(await networkActions(page)).toBe(1);
});
