// SVG glyphs for messages (shared by the cluster view, the space-time diagram and the legend).

import type { MessageView } from '../sim/index.ts';
import { polygonPoints, starPoints } from './geometry.ts';
import { messageStyle, type Shape } from './visuals.ts';

export const MESSAGE_SIZE = 8;

export function ShapePath({ shape, size, className, dashed }: { shape: Shape; size: number; className?: string; dashed?: boolean }) {
  const dash = dashed === true ? '2 2' : undefined;
  switch (shape) {
    case 'circle':
      return <circle className={className} r={size} strokeDasharray={dash} />;
    case 'square':
      return <rect className={className} x={-size} y={-size} width={size * 2} height={size * 2} rx={size * 0.25} strokeDasharray={dash} />;
    case 'triangle':
      return <polygon className={className} points={polygonPoints(3, size * 1.25)} strokeDasharray={dash} />;
    case 'diamond':
      return <polygon className={className} points={polygonPoints(4, size * 1.3)} strokeDasharray={dash} />;
    case 'hexagon':
      return <polygon className={className} points={polygonPoints(6, size * 1.08, Math.PI / 6)} strokeDasharray={dash} />;
    case 'star':
      return <polygon className={className} points={starPoints(5, size * 1.45, size * 0.7)} strokeDasharray={dash} />;
  }
}

/** A message glyph centred on (0, 0). */
export function MessageGlyph({ m, scale = 1 }: { m: MessageView; scale?: number }) {
  const st = messageStyle(m);
  const size = MESSAGE_SIZE * st.size * scale;
  return (
    <>
      <ShapePath shape={st.shape} size={size} className="shape" dashed={st.dashed} />
      {st.glyph !== '' && (
        <text className="glyph" y={st.shape === 'triangle' ? size * 0.22 : 0} style={{ fontSize: Math.max(8, size * 1.05) }}>
          {st.glyph}
        </text>
      )}
    </>
  );
}

export function messageClass(m: MessageView): string {
  const st = messageStyle(m);
  return `msg ${st.cls}${st.hollow ? ' hollow' : ''}`;
}
