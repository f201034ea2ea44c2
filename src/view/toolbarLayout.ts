// Which toolbar sections fold into the "More" menu so the toolbar stays on one line. Pure, so
// it is tested; ToolbarOverflow.tsx measures the sections and applies the answer.

/** Sections that can leave the toolbar; playback, speed and the presentation toggle never do. */
export type ToolbarSection = 'brand' | 'scenario' | 'stepKind' | 'cluster' | 'history' | 'tools';

/** The order sections leave the toolbar in: the least needed in a lecture first. */
export const COLLAPSE_ORDER: readonly ToolbarSection[] = ['history', 'tools', 'cluster', 'stepKind', 'scenario', 'brand'];

/**
 * In presentation mode these are folded away even when there is room: a projector shows
 * playback, the tour and the speed; undo, share, settings, help and theme are one click away.
 */
export const PRESENTATION_COLLAPSED: readonly ToolbarSection[] = ['history', 'tools'];

/** The brand is only hidden when space runs out; it has nothing to put in the menu. */
export function inMenu(section: ToolbarSection): boolean {
  return section !== 'brand';
}

export interface ToolbarFitInput {
  /** Inner width of the toolbar, px. */
  available: number;
  /** Width of what always stays (playback, speed, presentation toggle), gaps included, px. */
  fixed: number;
  /** Natural width of each collapsible section, px (measured whether shown or not). */
  widths: ReadonlyMap<ToolbarSection, number>;
  /** Gap between toolbar items, px. */
  gap: number;
  /** Width of the "More" button, px. */
  moreWidth: number;
  presentation: boolean;
}

/** The sections to fold away, fewest first in COLLAPSE_ORDER, so the rest fits on one line. */
export function collapsedSections(input: ToolbarFitInput): Set<ToolbarSection> {
  const collapsed = new Set<ToolbarSection>(input.presentation ? PRESENTATION_COLLAPSED : []);
  const width = () => {
    let total = input.fixed;
    for (const [section, w] of input.widths) if (!collapsed.has(section)) total += w + input.gap;
    if ([...collapsed].some(inMenu)) total += input.moreWidth + input.gap;
    return total;
  };
  for (const section of COLLAPSE_ORDER) {
    if (width() <= input.available) break;
    if (input.widths.has(section)) collapsed.add(section);
  }
  return collapsed;
}
