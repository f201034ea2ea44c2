// A choice of one among a few, drawn as a segmented control: radio buttons in a bordered strip,
// the chosen one shaded (the counterexample search's mode, the network's mode).

import './segmented.css';

export interface Segment<T extends string> {
  id: T;
  label: string;
  title?: string;
}

export function Segmented<T extends string>({
  name,
  label,
  segments,
  value,
  onChange,
  disabled,
  className,
}: {
  /** The radio group's name. */
  name: string;
  /** Its accessible name. */
  label: string;
  segments: readonly Segment<T>[];
  value: T;
  onChange: (id: T) => void;
  disabled?: boolean;
  className?: string;
}) {
  return (
    <div className={className === undefined ? 'segmented' : `segmented ${className}`} role="radiogroup" aria-label={label}>
      {segments.map((s) => (
        <label key={s.id} className={value === s.id ? 'on' : undefined} title={s.title}>
          <input type="radio" name={name} value={s.id} checked={value === s.id} disabled={disabled} onChange={() => onChange(s.id)} />
          {s.label}
        </label>
      ))}
    </div>
  );
}
