// The eager part of challenges: where the goal card docks (the side column, above the side
// panel, like a guided tour) and where the editor mounts. Both are chunks of their own, loaded
// when a challenge is first opened or the editor first shown.

import { lazy, Suspense } from 'react';
import { useApp } from '../../store/app.ts';
import { activeChallenge, useChallenge } from '../../store/challenge.ts';

const ChallengeCard = lazy(() => import('./ChallengeCard.tsx'));
const ChallengeEditor = lazy(() => import('./ChallengeEditor.tsx'));

/** The goal card of the challenge being played, if any. */
export function ChallengeDock() {
  useChallenge((s) => s.active);
  useApp((s) => s.options); // a new run (new settings, another scenario) ends the challenge
  if (activeChallenge() === null) return null;
  return (
    <Suspense fallback={null}>
      <ChallengeCard />
    </Suspense>
  );
}

export function ChallengeEditorMount() {
  const open = useChallenge((s) => s.editorOpen);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <ChallengeEditor />
    </Suspense>
  );
}
