// The application shell: toolbar, cluster stage with the side panel, the bottom tabs (logs,
// space-time diagram, charts, event log), the timeline; the playback loop and the keyboard.

import { useCallback, useEffect } from 'react';
import { useApp } from '../store/app.ts';
import { tick } from '../store/playback.ts';
import { setBottomTab, toggleLogsLarge, type BottomTab } from '../store/ui.ts';
import { useCompare } from '../store/compare.ts';
import { Charts } from './Charts.tsx';
import { ClusterView } from './stage/ClusterView.tsx';
import { CompareDialog } from './CompareDialog.tsx';
import { ComparePanes } from './ComparePanes.tsx';
import { CompareLogs } from './CompareLogs.tsx';
import { Dialogs } from './Dialogs.tsx';
import { ExperimentsMount } from './experiment/ExperimentsMount.tsx';
import { ChallengeDock, ChallengeEditorMount } from './challenge/ChallengeMount.tsx';
import { MediaExportMount } from './video/MediaExportMount.tsx';
import { ReplayProgress } from './ReplayProgress.tsx';
import { EventLog } from './EventLog.tsx';
import { useAnimationFrame } from './hooks.ts';
import { LogGrid } from './LogGrid.tsx';
import { ContextMenu, LinkEditor, Toasts } from './Popovers.tsx';
import { handleKey } from './shortcuts.ts';
import { watchInputModality } from './inputModality.ts';
import { SidePanel } from './SidePanel.tsx';
import { SpaceTime } from './SpaceTime.tsx';
import { Timeline } from './Timeline.tsx';
import { Toolbar } from './Toolbar.tsx';
import { EngineNotice, ScenarioUI } from './tour/ScenarioUI.tsx';
import { TourPanel } from './tour/TourPanel.tsx';

const BOTTOM_TABS: { id: BottomTab; label: string; key: string }[] = [
  { id: 'logs', label: 'Logs', key: 'F1' },
  { id: 'spacetime', label: 'Space-time', key: 'F2' },
  { id: 'charts', label: 'Charts', key: 'F3' },
  { id: 'events', label: 'Event log', key: 'F4' },
];

export function App() {
  const theme = useApp((s) => s.theme);
  const presentation = useApp((s) => s.presentation);
  const bottomTab = useApp((s) => s.bottomTab);
  const logsLarge = useApp((s) => s.logsLarge);
  const banner = useApp((s) => s.banner);
  const comparing = useCompare((c) => c.active);

  // The playback loop: wall time × speed advances the displayed time; the cluster runs to it.
  const onAnimationFrame = useCallback((dt: number) => tick(dt), []);
  useAnimationFrame(onAnimationFrame);

  useEffect(() => {
    // ?embed=1 (src/scenario's embed links): the stage, playback and the timeline only
    if (new URLSearchParams(location.search).get('embed') === '1') document.documentElement.dataset.embed = 'true';
  }, []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.presentation = String(presentation);
  }, [theme, presentation]);

  useEffect(() => {
    // the enlarged logs take most of the height; the stage keeps a strip above them (shell.css)
    document.documentElement.dataset.logsLarge = String(logsLarge);
  }, [logsLarge]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleKey(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    const unwatch = watchInputModality(); // Space presses only controls reached by keyboard
    return () => {
      window.removeEventListener('keydown', onKey);
      unwatch();
    };
  }, []);

  return (
    <div className="app">
      <Toolbar />
      <EngineNotice />
      <main className="main">
        {comparing ? <ComparePanes /> : <ClusterView />}
        {/* the side column: the guided tour (or its editor) docked above or beside the side panel */}
        <div className="dock">
          <ChallengeDock />
          <TourPanel />
          <SidePanel />
        </div>
      </main>
      <section className="bottom" aria-label="Logs and history views">
        <div className="tabs" role="tablist" aria-label="Views">
          {BOTTOM_TABS.map((t) => (
            <button
              key={t.id}
              role="tab"
              className="tab"
              id={`bottom-tab-${t.id}`}
              aria-selected={bottomTab === t.id}
              aria-controls={`bottom-panel-${t.id}`}
              onClick={() => setBottomTab(t.id)}
              title={`${t.label} (${t.key})`}
            >
              {t.label}
            </button>
          ))}
          {bottomTab === 'logs' && (
            <button
              className={`btn small logs-large-toggle${logsLarge ? ' active' : ''}`}
              aria-pressed={logsLarge}
              onClick={toggleLogsLarge}
              title={logsLarge ? 'Give the stage its room back (X)' : 'Enlarge the logs: they take most of the screen (X)'}
              data-testid="logs-large"
            >
              {logsLarge ? '⤓ Smaller logs' : '⤢ Enlarge logs'}
            </button>
          )}
          {bottomTab === 'logs' && (
            <div className="tab-extra lg-legend" aria-hidden="true">
              <span>colour + number = term</span>
              <span>hatched = not committed</span>
              <span style={{ color: 'var(--ok)' }}>│ commit ▲ applied</span>
              <span style={{ color: 'var(--accent)' }}>▸ nextIndex, underline matchIndex (leader's view)</span>
            </div>
          )}
        </div>
        <div className="tabpanel" role="tabpanel" id={`bottom-panel-${bottomTab}`} aria-labelledby={`bottom-tab-${bottomTab}`}>
          {bottomTab === 'logs' && (comparing ? <CompareLogs /> : <LogGrid />)}
          {bottomTab === 'spacetime' && <SpaceTime />}
          {bottomTab === 'charts' && <Charts />}
          {bottomTab === 'events' && <EventLog />}
        </div>
      </section>
      <Timeline />
      <ContextMenu />
      <LinkEditor />
      <Dialogs />
      <ExperimentsMount />
      <ChallengeEditorMount />
      <MediaExportMount />
      <ReplayProgress />
      <CompareDialog />
      <Toasts />
      <ScenarioUI />
      {banner !== null && (
        <div className="app-banner" role="alert">
          {banner}
          <button className="btn small" onClick={() => useApp.setState({ banner: null })}>
            OK
          </button>
        </div>
      )}
    </div>
  );
}
