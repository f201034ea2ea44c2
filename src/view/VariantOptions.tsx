// The choices of a "Broken variant" select (the settings, the counterexample search): correct
// Raft, then each deliberately broken variant of the engine.

import { VARIANTS } from '../sim/index.ts';

export function VariantOptions() {
  return (
    <>
      <option value="none">none (correct Raft)</option>
      {VARIANTS.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </>
  );
}
