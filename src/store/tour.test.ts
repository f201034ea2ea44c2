import { afterAll, describe, expect, it } from 'vitest';
import { useApp } from './app.ts';
import { seek } from './playback.ts';
import { restartScenario } from './actions.ts';
import { currentScenarioOf } from './share.ts';
import {
  activeTour,
  addStepHere,
  followPlayback,
  startEditing,
  stopEditing,
  toggleEntryHighlight,
  toggleMessageHighlight,
  toggleNodeHighlight,
  useTour,
} from './tour.ts';

const stopFollowing = followPlayback();
afterAll(() => stopFollowing());

function editedTour() {
  return useTour.getState().tour;
}

describe('the tour editor', () => {
  it('highlights servers, messages and log entries of the step being edited', () => {
    restartScenario({ seed: 1, nodes: 3 });
    startEditing();
    seek(400);
    addStepHere('a leader');
    expect(toggleNodeHighlight('S2')).toBe(true);
    expect(toggleMessageHighlight(7)).toBe(true);
    expect(toggleEntryHighlight({ node: 'S1', index: 1 })).toBe(true);
    expect(editedTour()[0].highlights).toEqual({ nodes: ['S2'], messages: [7], entries: [{ node: 'S1', index: 1 }] });
    toggleMessageHighlight(7);
    expect(editedTour()[0].highlights?.messages).toBeUndefined();
    expect(currentScenarioOf().tour?.[0].highlights).toEqual({ nodes: ['S2'], entries: [{ node: 'S1', index: 1 }] });
    stopEditing();
    expect(toggleNodeHighlight('S3')).toBe(false); // only while editing
  });

  it('keeps the draft across a restart with other settings and marks servers that are gone', () => {
    restartScenario({ seed: 1, nodes: 5 });
    startEditing();
    useTour.setState({ title: 'Elections' });
    seek(300);
    addStepHere('first');
    toggleNodeHighlight('S5');
    toggleNodeHighlight('S1');
    toggleMessageHighlight(3);
    seek(600);
    addStepHere('second');
    toggleEntryHighlight({ node: 'S2', index: 1 });
    useApp.setState({ toasts: [] });

    restartScenario({ seed: 2, nodes: 3 }); // what the Settings dialog does
    useApp.setState({ displayedTime: 1 }); // any store change lets the tour see the new session

    const tour = editedTour();
    expect(tour.map((s) => s.text)).toEqual(['first', 'second']);
    expect(useTour.getState().title).toBe('Elections');
    expect(tour[0].highlights).toEqual({ nodes: ['S1', 'S5'] }); // S5 kept, message ids dropped
    expect(tour[1].highlights?.entries).toEqual([{ node: 'S2', index: 1 }]);
    const toast = useApp.getState().toasts.at(-1)?.text ?? '';
    expect(toast).toContain('S5');
    expect(toast).toContain('message highlight');
    // links leave the missing server out, so the scenario stays valid
    expect(activeTour()[0].highlights).toEqual({ nodes: ['S1'] });
    expect(currentScenarioOf().options.nodes).toEqual(['S1', 'S2', 'S3']);
    stopEditing();
  });

  it('drops a played (not edited) tour when the run restarts with other settings', () => {
    restartScenario({ seed: 1, nodes: 3 });
    startEditing();
    addStepHere('x');
    stopEditing();
    restartScenario({ seed: 4, nodes: 3 });
    useApp.setState({ displayedTime: 1 });
    expect(editedTour()).toEqual([]);
  });
});
