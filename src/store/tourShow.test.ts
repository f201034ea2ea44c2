// A step's screen through the UI store: the logs a tour enlarged go back when a step without it
// is shown (or the tour closes), the logs the viewer enlarged stay; a step selects and opens tabs.

import { describe, expect, it } from 'vitest';
import { useApp } from './app.ts';
import { restartScenario } from './actions.ts';
import { setBottomTab, setLogsLarge } from './ui.ts';
import { applyScreen, releaseLogs } from './tourShow.ts';

describe('a tour step’s screen', () => {
  it('enlarges the logs for its step only, and leaves the viewer’s own choice alone', () => {
    restartScenario({ seed: 1, nodes: 3 });
    setLogsLarge(false);
    applyScreen({ at: 0, text: 'a', show: { logsLarge: true } });
    expect(useApp.getState().logsLarge).toBe(true);
    applyScreen({ at: 1, text: 'b' });
    expect(useApp.getState().logsLarge).toBe(false);
    // the viewer enlarged them: a step without it does not shrink them, nor does closing
    setLogsLarge(true);
    applyScreen({ at: 2, text: 'c' });
    releaseLogs();
    expect(useApp.getState().logsLarge).toBe(true);
    setLogsLarge(false);
  });

  it('selects a server, then opens the tab it names', () => {
    restartScenario({ seed: 1, nodes: 3 });
    applyScreen({ at: 0, text: 'a', show: { select: 'S2', tab: 'safety' } });
    expect(useApp.getState().selectedNode).toBe('S2');
    expect(useApp.getState().sideTab).toBe('safety');
    setBottomTab('charts');
    applyScreen({ at: 0, text: 'b', highlights: { entries: [{ node: 'S1', index: 1 }] } });
    expect(useApp.getState().bottomTab).toBe('logs');
  });
});
