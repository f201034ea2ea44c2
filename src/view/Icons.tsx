// Inline SVG icons (no icon font: they render the same on every system, in every theme).

type IconName = 'play' | 'pause' | 'stepBack' | 'stepFwd' | 'next' | 'gear' | 'sun' | 'moon' | 'contrast' | 'present' | 'undo' | 'redo' | 'help' | 'legend' | 'fast' | 'link' | 'chart';

const PATHS: Record<IconName, string> = {
  play: 'M5 3.5v13l11-6.5z',
  pause: 'M5 3h3.5v14H5zM11.5 3H15v14h-3.5z',
  stepBack: 'M4 3h2.5v14H4zM17 3.5v13L7.5 10z',
  stepFwd: 'M13.5 3H16v14h-2.5zM3 3.5v13L12.5 10z',
  next: 'M2 4v12l7-6zM9 4v12l7-6zM16 4h2v12h-2z',
  fast: 'M2 4v12l8-6zM10 4v12l8-6z',
  gear: 'M10 6.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zm7.4 2.3-1.6-.3a6 6 0 0 0-.6-1.5l.9-1.4-1.7-1.7-1.4.9a6 6 0 0 0-1.5-.6L11.2 2.6H8.8l-.3 1.6a6 6 0 0 0-1.5.6l-1.4-.9-1.7 1.7.9 1.4a6 6 0 0 0-.6 1.5l-1.6.3v2.4l1.6.3c.1.5.3 1 .6 1.5l-.9 1.4 1.7 1.7 1.4-.9c.5.3 1 .5 1.5.6l.3 1.6h2.4l.3-1.6c.5-.1 1-.3 1.5-.6l1.4.9 1.7-1.7-.9-1.4c.3-.5.5-1 .6-1.5l1.6-.3z',
  sun: 'M10 6a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM9.2 1h1.6v3H9.2zM9.2 16h1.6v3H9.2zM1 9.2h3v1.6H1zM16 9.2h3v1.6h-3zM3.5 4.6l1.1-1.1 2.1 2.1-1.1 1.1zM13.3 14.4l1.1-1.1 2.1 2.1-1.1 1.1zM3.5 15.4l2.1-2.1 1.1 1.1-2.1 2.1zM13.3 5.6l2.1-2.1 1.1 1.1-2.1 2.1z',
  moon: 'M12.5 2.5a7.5 7.5 0 1 0 5 11.9A6.5 6.5 0 0 1 12.5 2.5z',
  contrast: 'M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm0 2v12a6 6 0 0 1 0-12z',
  present: 'M2 3h16v11H2zm2 2v7h12V5zM7 16h6v2H7z',
  undo: 'M8 4 3 9l5 5v-3.5c4 0 6.5 1.2 8.5 4.5-.7-4.6-3.4-8-8.5-8.5z',
  redo: 'M12 4l5 5-5 5v-3.5c-4 0-6.5 1.2-8.5 4.5.7-4.6 3.4-8 8.5-8.5z',
  help: 'M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16zm.1 12.6a1.1 1.1 0 1 1 0-2.2 1.1 1.1 0 0 1 0 2.2zm1.4-4.8c-.6.4-.8.6-.8 1.3H9.2c0-1.2.4-1.7 1.1-2.2.6-.4.9-.6.9-1.1 0-.5-.4-.9-1.1-.9-.7 0-1.1.4-1.2 1.1L7.4 7.8C7.6 6.3 8.7 5.4 10.2 5.4c1.6 0 2.6.9 2.6 2.2 0 1-.6 1.6-1.3 2.2z',
  link: 'M8.6 11.4a1 1 0 0 1 0-1.4l3-3a1 1 0 1 1 1.4 1.4l-3 3a1 1 0 0 1-1.4 0zM6.5 8.6l1.4 1.4-2 2a1.8 1.8 0 0 0 2.5 2.5l2-2 1.4 1.4-2 2a3.8 3.8 0 0 1-5.3-5.3zM13.5 11.4 12.1 10l2-2a1.8 1.8 0 0 0-2.5-2.5l-2 2L8.2 6.1l2-2a3.8 3.8 0 0 1 5.3 5.3z',
  // A cumulative distribution curve over an axis: experiments plot CDFs.
  chart: 'M3 17h14v-1.5H4.5V3H3zM6 14c3.2 0 4.2-8.3 10-9.2v1.6C11.4 7.4 10.8 15.5 6 15.5z',
  legend: 'M3 4h3v3H3zM8 4.8h9v1.5H8zM3 8.5h3v3H3zM8 9.3h9v1.5H8zM3 13h3v3H3zM8 13.8h9v1.5H8z',
};

export function Icon({ name, size = 16, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" aria-hidden={title === undefined} role={title !== undefined ? 'img' : undefined} style={{ display: 'block' }}>
      {title !== undefined && <title>{title}</title>}
      <path d={PATHS[name]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
