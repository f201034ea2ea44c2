// Playback controls: play/pause, step back/forward, step to the next event of a kind, speed,
// run until settled; and the buttons for the network mode, undo/redo, settings, help, legend,
// theme and presentation mode.

import { useApp } from '../store/app.ts';
import { MAX_SPEED, MIN_SPEED, STEP_KINDS, runUntilSettled, setSpeed, setStepKind, stepBack, stepForward, stepToNext, togglePlay, type StepKind } from '../store/playback.ts';
import { clientRequest, redo, setManualNetwork, undo } from '../store/actions.ts';
import { cycleTheme, openDialog, togglePresentation } from '../store/ui.ts';
import { formatTime } from '../store/describe.ts';
import { copyShareLink } from '../store/share.ts';
import { Icon } from './Icons.tsx';
import { MoreMenu, Section, ToolbarFrame } from './ToolbarOverflow.tsx';
import { openShare, ScenarioButtons } from './tour/ScenarioUI.tsx';
import { ExperimentsButton } from './experiment/ExperimentsMount.tsx';

/** Slider position (0..1000) ↔ speed on a log scale from 0.01× to 100×. */
export function speedToSlider(speed: number): number {
  return Math.round((1000 * Math.log(speed / MIN_SPEED)) / Math.log(MAX_SPEED / MIN_SPEED));
}
export function sliderToSpeed(v: number): number {
  const raw = MIN_SPEED * Math.pow(MAX_SPEED / MIN_SPEED, v / 1000);
  // snap to a tidy value
  const digits = raw < 0.1 ? 3 : raw < 1 ? 2 : raw < 10 ? 1 : 0;
  return Number(raw.toFixed(digits));
}

export function formatSpeed(s: number): string {
  if (s >= 10) return `${Math.round(s)}×`;
  if (s >= 1) return `${Number(s.toFixed(1))}×`;
  return `${Number(s.toFixed(s < 0.1 ? 3 : 2))}×`;
}

function Clock() {
  const t = useApp((s) => s.displayedTime);
  return (
    <span className="clock" aria-live="off" title="Simulated time" data-testid="clock">
      t = {formatTime(t)}
    </span>
  );
}

export function Toolbar() {
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const stepKind = useApp((s) => s.stepKind);
  const manual = useApp((s) => s.frame.network.settings.manual);
  const canUndo = useApp((s) => s.frame.canUndo);
  const canRedo = useApp((s) => s.frame.canRedo);
  const theme = useApp((s) => s.theme);
  const presentation = useApp((s) => s.presentation);
  const leader = useApp((s) => s.frame.leader);

  return (
    <ToolbarFrame presentation={presentation}>
      <Section id="brand" label="raftlab">
        <div className="brand" title="raftlab: the Raft consensus algorithm, visualised">
          raftlab
        </div>
      </Section>
      <Section id="scenario" label="Scenario">
        <ScenarioButtons />
      </Section>
      <div className="group" role="group" aria-label="Playback">
        <button className="btn" onClick={stepBack} title="Step back one event (←)" aria-label="Step back one event">
          <Icon name="stepBack" />
        </button>
        <button
          className={`btn primary`}
          onClick={togglePlay}
          title={playing ? 'Pause (Space)' : 'Play (Space)'}
          aria-label={playing ? 'Pause' : 'Play'}
          data-testid="play"
          style={{ minWidth: 64 }}
        >
          <Icon name={playing ? 'pause' : 'play'} /> {playing ? 'Pause' : 'Play'}
        </button>
        <button className="btn" onClick={stepForward} title="Step forward one event (→)" aria-label="Step forward one event">
          <Icon name="stepFwd" />
        </button>
        <Clock />
      </div>
      <Section id="stepKind" label="Step to the next event of a kind">
        <button className="btn" onClick={() => stepToNext()} title="Run to the next event of the chosen kind (Shift+→)" aria-label="Run to the next event of the chosen kind">
          <Icon name="next" />
        </button>
        <select
          className="compact"
          value={stepKind}
          onChange={(e) => setStepKind(e.target.value as StepKind)}
          aria-label="Kind of event to step to"
        >
          {STEP_KINDS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
        <button className="btn" onClick={runUntilSettled} title="Run until settled: every client operation done and every log applied, at most 10 s (S)">
          Settle
        </button>
      </Section>
      <div className="group speed" role="group" aria-label="Speed">
        <label htmlFor="speed" className="sr-only">
          Speed
        </label>
        <input
          id="speed"
          type="range"
          min={0}
          max={1000}
          step={1}
          value={speedToSlider(speed)}
          onChange={(e) => setSpeed(sliderToSpeed(Number(e.target.value)))}
          aria-valuetext={`${formatSpeed(speed)} real time`}
          title="Speed: 0.01× to 100× real time (+ / −)"
        />
        <output htmlFor="speed" data-testid="speed">
          {formatSpeed(speed)}
        </output>
      </div>
      <Section id="cluster" label="Cluster">
        <button
          className="btn"
          onClick={() => clientRequest()}
          title="A client sends put key=value to the cluster (Q)"
          disabled={false}
        >
          + Request
        </button>
        <button
          className={`btn${manual ? ' active' : ''}`}
          onClick={() => setManualNetwork(!manual)}
          aria-pressed={manual}
          title="Manual network: every message waits for you to deliver or drop it (M)"
        >
          Manual
        </button>
      </Section>
      <Section id="history" label="History">
        <button className="btn" onClick={undo} disabled={!canUndo} title="Undo your last action (Ctrl+Z)" aria-label="Undo">
          <Icon name="undo" />
        </button>
        <button className="btn" onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
          <Icon name="redo" />
        </button>
      </Section>
      <div className="spacer" />
      <span className="sr-only" aria-live="polite">
        {leader === null ? 'No leader' : `Leader ${leader}`}
      </span>
      <Section id="tools" label="Tools">
        <ExperimentsButton />
        <button
          className="btn"
          onClick={() => {
            void copyShareLink();
            openShare();
          }}
          title="Share: copy a link that opens exactly this run at this moment; embed, export, open a file"
          aria-label="Share link"
        >
          <Icon name="link" />
        </button>
        <button className="btn" onClick={() => openDialog('settings')} title="Settings: size, timing, network, features, seed (,)" aria-label="Settings">
          <Icon name="gear" />
        </button>
        <button className="btn" onClick={() => openDialog('help')} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts and help">
          <Icon name="help" />
        </button>
        <button className="btn" onClick={cycleTheme} title={`Theme: ${theme} (T)`} aria-label={`Theme: ${theme}. Switch theme`}>
          <Icon name={theme === 'light' ? 'sun' : theme === 'dark' ? 'moon' : 'contrast'} />
        </button>
      </Section>
      <div className="group" role="group" aria-label="View">
        <MoreMenu />
        <button
          className={`btn${presentation ? ' active' : ''}`}
          onClick={togglePresentation}
          aria-pressed={presentation}
          title="Presentation mode: large type for projectors (P)"
          aria-label="Presentation mode"
        >
          <Icon name="present" />
        </button>
      </div>
    </ToolbarFrame>
  );
}
