import { describe, expect, it } from 'vitest';
import { logKey } from './LogGrid.tsx';
import { columnX, contentWidth, gridMetrics, nextCell, visibleColumns } from './logGridLayout.ts';
import { labelPlacement, laneFor, presentationGrowth, stageLayout } from './stageLayout.ts';
import { formatSpeed, sliderToSpeed, speedToSlider } from './Toolbar.tsx';
import { COLLAPSE_ORDER, collapsedSections, type ToolbarSection } from './toolbarLayout.ts';
import { timelineExtent } from './Timeline.tsx';

describe('stageLayout', () => {
  it('keeps every server, with its timer ring, inside the stage', () => {
    for (const n of [1, 3, 5, 9, 25]) {
      const ids = Array.from({ length: n }, (_, i) => `S${i + 1}`);
      const l = stageLayout(ids, ['C1', 'C2'], 940, 406);
      for (const p of l.nodes.values()) {
        expect(p.y - l.nodeRadius - 8).toBeGreaterThanOrEqual(0);
        expect(p.y + l.nodeRadius + 8).toBeLessThanOrEqual(406);
        expect(p.x - l.nodeRadius).toBeGreaterThan(120); // right of the clients column
        expect(p.x + l.nodeRadius).toBeLessThan(940);
      }
      expect(l.compact).toBe(n > 12);
    }
  });
  it('spreads larger clusters into an ellipse', () => {
    const nine = stageLayout(Array.from({ length: 9 }, (_, i) => `S${i + 1}`), [], 940, 406);
    expect(nine.ringRadius).toBeGreaterThan(nine.ringRadiusY);
    const five = stageLayout(['a', 'b', 'c', 'd', 'e'], [], 940, 406);
    expect(five.ringRadius).toBe(five.ringRadiusY);
  });
  it('puts labels beside servers, above the top one and below a bottom one', () => {
    expect(labelPlacement({ x: 0, y: -100, angle: 0 }, 30, false)).toMatchObject({ position: 'above', anchor: 'middle' });
    expect(labelPlacement({ x: 0, y: 100, angle: Math.PI }, 30, false)).toMatchObject({ position: 'below' });
    expect(labelPlacement({ x: 100, y: 0, angle: Math.PI / 2 }, 30, false)).toMatchObject({ position: 'side', anchor: 'start', x: 144 });
    expect(labelPlacement({ x: -100, y: 0, angle: -Math.PI / 2 }, 30, false)).toMatchObject({ anchor: 'end', x: -144 });
  });
  it('with 25 servers uses the width and keeps every server and name clear of its neighbours', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `S${i + 1}`);
    const l = stageLayout(ids, ['C1'], 940, 406);
    expect(l.ringRadius).toBeGreaterThan(2 * l.ringRadiusY);
    const places = ids.map((id) => l.nodes.get(id)!);
    const name = 13 * l.fontScale; // label box: 3 characters wide, one line high
    const boxes = places.map((p) => {
      const at = labelPlacement(p, l.nodeRadius, false, true);
      const w = 3 * name * 0.62;
      const x0 = at.anchor === 'start' ? at.x : at.anchor === 'end' ? at.x - w : at.x - w / 2;
      const y0 = at.position === 'above' ? at.y - name : at.position === 'below' ? at.y : at.y - name / 2;
      return { x0, x1: x0 + w, y0, y1: y0 + name };
    });
    places.forEach((p, i) => {
      places.forEach((q, j) => {
        if (i !== j) expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThan(2 * l.nodeRadius + 8);
        // no name lies on another server's circle (its nearest point to the centre is outside it)
        const b = boxes[i];
        const cx = Math.max(b.x0, Math.min(q.x, b.x1));
        const cy = Math.max(b.y0, Math.min(q.y, b.y1));
        expect(Math.hypot(cx - q.x, cy - q.y)).toBeGreaterThan(l.nodeRadius);
      });
    });
  });
  it('on a narrow stage (a compare pane at 1024×768) keeps the ring round and every name inside, clear of the servers', () => {
    for (const [clients, n] of [[[], 5], [['C1'], 5], [[], 3], [[], 9]] as const) {
      const ids = Array.from({ length: n }, (_, i) => `S${i + 1}`);
      const l = stageLayout(ids, clients, 340, 380);
      expect(l.labelsStacked).toBe(true);
      expect(l.ringRadius).toBeGreaterThanOrEqual(l.ringRadiusY - 1e-9);
      const left = clients.length > 0 ? 120 : 0;
      const name = 13 * l.fontScale;
      const places = ids.map((id) => l.nodes.get(id)!);
      places.forEach((p, i) => {
        const at = labelPlacement(p, l.nodeRadius, false, l.namesOnly, l.labelsStacked);
        expect(at.anchor).toBe('middle');
        const w = 2 * name * 0.62;
        const b = { x0: at.x - w / 2, x1: at.x + w / 2, y0: at.position === 'above' ? at.y - name : at.y, y1: at.position === 'above' ? at.y : at.y + name };
        expect(b.x0).toBeGreaterThan(left);
        expect(b.x1).toBeLessThan(340);
        expect(b.y0).toBeGreaterThanOrEqual(0);
        expect(b.y1).toBeLessThanOrEqual(380);
        places.forEach((q, j) => {
          if (i === j) return;
          expect(Math.hypot(p.x - q.x, p.y - q.y)).toBeGreaterThan(2 * l.nodeRadius);
          const cx = Math.max(b.x0, Math.min(q.x, b.x1));
          const cy = Math.max(b.y0, Math.min(q.y, b.y1));
          expect(Math.hypot(cx - q.x, cy - q.y)).toBeGreaterThan(l.nodeRadius);
        });
      });
    }
  });
  it('gives messages lanes between servers and clients, none to unknown endpoints', () => {
    const l = stageLayout(['S1', 'S2', 'S3'], ['C1'], 940, 406);
    expect(laneFor(l, 'S1', 'S2')).not.toBeNull();
    expect(laneFor(l, 'C1', 'S2')).not.toBeNull();
    expect(laneFor(l, 'S1', 'nobody')).toBeNull();
  });
});

describe('stageLayout in presentation mode', () => {
  const five = ['S1', 'S2', 'S3', 'S4', 'S5'];
  // the stage left by presentation mode's chrome at 1024×768, 1280×720 and 1920×1080
  const stages = [
    [624, 432],
    [880, 384],
    [1392, 670],
  ];
  it('keeps every server, its timer ring and its label room inside the stage', () => {
    for (const [w, h] of stages) {
      for (const n of [3, 5, 9]) {
        const ids = Array.from({ length: n }, (_, i) => `S${i + 1}`);
        const l = stageLayout(ids, ['C1'], w, h, true);
        for (const p of l.nodes.values()) {
          expect(p.y - l.nodeRadius - 8).toBeGreaterThanOrEqual(0);
          expect(p.y + l.nodeRadius + 8).toBeLessThanOrEqual(h);
          expect(p.x - l.nodeRadius).toBeGreaterThan(120);
          expect(p.x + l.nodeRadius + 120 * l.fontScale * 0.5).toBeLessThan(w);
        }
      }
    }
  });
  it('widens the ring into the stage instead of leaving it empty', () => {
    const normal = stageLayout(five, [], 880, 384, false);
    const projected = stageLayout(five, [], 880, 384, true);
    expect(projected.ringRadius).toBeGreaterThan(projected.ringRadiusY * 1.2);
    expect(projected.ringRadius).toBeGreaterThan(normal.ringRadius);
  });
  it('grows servers and type with the stage, up to a 1080p projector', () => {
    expect(presentationGrowth(1392, 670, false)).toBe(1);
    expect(presentationGrowth(880, 384, true)).toBe(1);
    expect(presentationGrowth(1392, 670, true)).toBe(1.35);
    const small = stageLayout(five, [], 880, 384, true);
    const large = stageLayout(five, [], 1392, 670, true);
    expect(large.nodeRadius).toBeGreaterThan(small.nodeRadius * 1.25);
    expect(large.fontScale).toBeGreaterThan(small.fontScale);
  });
});

describe('toolbar on one line', () => {
  const widths = new Map<ToolbarSection, number>([
    ['brand', 80],
    ['scenario', 170],
    ['stepKind', 230],
    ['cluster', 190],
    ['history', 70],
    ['tools', 140],
  ]);
  const base = { fixed: 460, widths, gap: 4, moreWidth: 36, presentation: false };
  const total = 460 + [...widths.values()].reduce((a, b) => a + b + 4, 0);
  it('folds nothing when everything fits', () => {
    expect(collapsedSections({ ...base, available: total })).toEqual(new Set());
  });
  it('folds the least needed sections first, counting the More button', () => {
    // 1 px short: history goes, and the More button (36 + 4) costs less than history's 74
    expect(collapsedSections({ ...base, available: total - 1 })).toEqual(new Set(['history']));
    // 40 px short: history alone frees 74 − 40 = 34 px: tools goes too
    expect(collapsedSections({ ...base, available: total - 40 })).toEqual(new Set(['history', 'tools']));
    const narrow = collapsedSections({ ...base, available: 900 });
    expect([...narrow]).toEqual(COLLAPSE_ORDER.slice(0, narrow.size));
    expect(narrow).toEqual(new Set(['history', 'tools', 'cluster', 'stepKind']));
  });
  it('always folds undo/redo and the tools in presentation mode, and still fits the rest', () => {
    expect(collapsedSections({ ...base, available: 5000, presentation: true })).toEqual(new Set(['history', 'tools']));
    const all = collapsedSections({ ...base, available: 100, presentation: true });
    expect(all).toEqual(new Set(COLLAPSE_ORDER));
  });
});

describe('log grid windowing', () => {
  const m = gridMetrics({ rows: 5 });
  it('renders only the columns in view', () => {
    expect(visibleColumns(0, 600, m, 30_000, 0)).toEqual([1, Math.ceil((600 - m.nameWidth) / m.pitch)]);
    const [a, b] = visibleColumns(28 * 1000, 600, m, 30_000, 2);
    expect(a).toBe(999);
    expect(b - a).toBeLessThan(30);
    expect(visibleColumns(0, 600, m, 3)).toEqual([1, 3]);
  });
  it('places index i at a fixed pitch after the names', () => {
    expect(columnX(1, m)).toBe(m.nameWidth + 2);
    expect(columnX(11, m) - columnX(1, m)).toBe(10 * m.pitch);
    expect(contentWidth(100, m)).toBe(m.nameWidth + 104 * m.pitch);
  });
  it('widens the name column for long names', () => {
    expect(gridMetrics({ rows: 3, longestName: '127.0.0.1:8000'.length }).nameWidth).toBeGreaterThan(gridMetrics({ rows: 3, longestName: 2 }).nameWidth);
  });
});

describe('controls', () => {
  it('maps the speed slider on a log scale from 0.01× to 100×', () => {
    expect(sliderToSpeed(0)).toBe(0.01);
    expect(sliderToSpeed(1000)).toBe(100);
    expect(sliderToSpeed(500)).toBe(1);
    for (const s of [0.01, 0.1, 1, 10, 100]) expect(sliderToSpeed(speedToSlider(s))).toBeCloseTo(s, 2);
    expect(formatSpeed(0.1)).toBe('0.1×');
    expect(formatSpeed(20)).toBe('20×');
  });
  it('keeps the timeline scale still while time runs', () => {
    expect(timelineExtent(0)).toBe(2000);
    expect(timelineExtent(1000)).toBe(timelineExtent(1100));
    expect(timelineExtent(9000)).toBeGreaterThan(9000);
  });
  it('keys the log grid on what it draws', () => {
    const frame = {
      leader: 'S1',
      ids: ['S1'],
      nodes: new Map([['S1', { snapshotIndex: 0, log: [{ index: 1, term: 1, command: null, kind: 'noop' }], commitIndex: 1, lastApplied: 1, alive: true, role: 'leader', nextIndex: {}, matchIndex: {} }]]),
    } as never;
    expect(logKey(frame)).toBe('S1|0:1:1:1:1:1:l');
  });
});

describe('nextCell (the log grid by keyboard)', () => {
  const rows = [
    { id: 'S1', first: 1, last: 5 },
    { id: 'S2', first: 1, last: 3 },
    { id: 'S3', first: 1, last: 0 }, // an empty log: skipped
    { id: 'S4', first: 3, last: 6 }, // compacted up to 2
  ];
  it('starts at the newest entry of the first row, and moves by entry and by server', () => {
    expect(nextCell(rows, null, 'ArrowRight')).toEqual({ node: 'S1', index: 5 });
    expect(nextCell(rows, { node: 'S1', index: 5 }, 'ArrowLeft')).toEqual({ node: 'S1', index: 4 });
    expect(nextCell(rows, { node: 'S1', index: 5 }, 'ArrowRight')).toEqual({ node: 'S1', index: 5 }); // the end stays
    expect(nextCell(rows, { node: 'S1', index: 5 }, 'ArrowDown')).toEqual({ node: 'S2', index: 3 }); // S2 holds only 3
    expect(nextCell(rows, { node: 'S2', index: 2 }, 'ArrowDown')).toEqual({ node: 'S4', index: 3 }); // over the empty S3, past S4's snapshot
    expect(nextCell(rows, { node: 'S4', index: 6 }, 'ArrowDown')).toEqual({ node: 'S4', index: 6 });
    expect(nextCell(rows, { node: 'S4', index: 6 }, 'ArrowUp')).toEqual({ node: 'S2', index: 3 });
    expect(nextCell(rows, { node: 'S4', index: 5 }, 'Home')).toEqual({ node: 'S4', index: 3 });
    expect(nextCell(rows, { node: 'S2', index: 1 }, 'End')).toEqual({ node: 'S2', index: 3 });
  });
  it('ignores other keys and grids with no entries', () => {
    expect(nextCell(rows, null, 'Enter')).toBeNull();
    expect(nextCell([{ id: 'S1', first: 1, last: 0 }], null, 'ArrowRight')).toBeNull();
  });
});
