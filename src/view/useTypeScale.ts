// The type's scale as a hook: re-renders on presentation mode and on the window's width (typeScale.ts).

import { useEffect, useState } from 'react';
import { useApp } from '../store/app.ts';
import { presentationTypeScale } from './typeScale.ts';

/** 1 normally; in presentation mode, the body type's size over the normal one (1.3 to 1.7). */
export function useTypeScale(): number {
  const presentation = useApp((s) => s.presentation);
  const [width, setWidth] = useState(() => (typeof window === 'undefined' ? 1280 : window.innerWidth));
  useEffect(() => {
    if (!presentation) return;
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [presentation]);
  return presentation ? presentationTypeScale(width) : 1;
}
