// "Compare": choose the one option pane B changes (PreVote, CheckQuorum, the read path, a
// broken variant, latency); the run on screen becomes pane A.

import { useState } from 'react';
import {
  COMPARE_PRESETS,
  defaultChoice,
  paneTitles,
  presetOptions,
  readPath,
  readPathLabel,
  type ComparePresetId,
  type PresetChoice,
  type ReadPath,
} from '../scenario/compare.ts';
import { VARIANTS } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import { closeCompareDialog, enterCompare, useCompare } from '../store/compare.ts';
import { Modal } from './Modal.tsx';

const READ_PATHS: readonly ReadPath[] = ['read-index', 'local', 'log'];

export function CompareDialog() {
  const open = useCompare((c) => c.dialogOpen);
  if (!open) return null;
  return <CompareForm />;
}

function CompareForm() {
  const a = useApp((s) => s.options);
  const [preset, setPreset] = useState<ComparePresetId>('preVote');
  const [choices, setChoices] = useState<Partial<Record<ComparePresetId, PresetChoice>>>({});
  const choice = choices[preset] ?? defaultChoice(preset, a);
  const setChoice = (c: PresetChoice) => setChoices({ ...choices, [preset]: { ...choice, ...c } });
  const b = presetOptions(preset, a, choice);
  const titles = paneTitles(a, b);
  const start = () => {
    if (enterCompare(b)) closeCompareDialog();
  };
  return (
    <Modal
      title="Compare side by side"
      labelId="compare-title"
      onClose={closeCompareDialog}
      footer={
        <>
          <button className="btn" onClick={closeCompareDialog}>
            Cancel
          </button>
          <button className="btn primary" onClick={start} disabled={titles.a === 'same options'} data-testid="compare-start">
            Compare
          </button>
        </>
      }
    >
      <p className="muted">
        Two runs of this seed and action script, playing in lockstep on one timeline: A is the run on screen, B changes one option. The
        first point where they diverge is marked.
      </p>
      <fieldset className="compare-presets">
        <legend>What B changes</legend>
        {COMPARE_PRESETS.map((p) => (
          <label key={p.id} className="compare-preset">
            <input type="radio" name="compare-preset" value={p.id} checked={preset === p.id} onChange={() => setPreset(p.id)} data-testid={`preset-${p.id}`} />
            <span>
              <strong>{p.label}</strong>
              <span className="muted"> — {p.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {preset === 'reads' && (
        <label className="compare-choice">
          B reads with{' '}
          <select value={choice.readPath} onChange={(e) => setChoice({ readPath: e.target.value as ReadPath })}>
            {READ_PATHS.filter((p) => p !== readPath(a)).map((p) => (
              <option key={p} value={p}>
                {readPathLabel(p)}
              </option>
            ))}
          </select>
        </label>
      )}
      {preset === 'variant' && (
        <label className="compare-choice">
          B runs{' '}
          <select value={choice.variant} onChange={(e) => setChoice({ variant: e.target.value as PresetChoice['variant'] })}>
            {(['none', ...VARIANTS] as const)
              .filter((v) => v !== a.features.variant)
              .map((v) => (
                <option key={v} value={v}>
                  {v === 'none' ? 'correct Raft' : `broken: ${v}`}
                </option>
              ))}
          </select>
        </label>
      )}
      {preset === 'latency' && (
        <div className="compare-choice">
          B’s latency{' '}
          <input
            type="number"
            min={0}
            max={5000}
            value={choice.latencyMin}
            aria-label="B's minimum latency, ms"
            onChange={(e) => setChoice({ latencyMin: Number(e.target.value) })}
          />
          {' – '}
          <input
            type="number"
            min={0}
            max={5000}
            value={choice.latencyMax}
            aria-label="B's maximum latency, ms"
            onChange={(e) => setChoice({ latencyMax: Number(e.target.value) })}
          />{' '}
          ms
        </div>
      )}
      <p className="compare-preview" data-testid="compare-preview">
        <span>
          <strong>A:</strong> {titles.a}
        </span>
        <span>
          <strong>B:</strong> {titles.b}
        </span>
      </p>
    </Modal>
  );
}
