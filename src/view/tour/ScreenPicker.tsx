// What the screen shows at the step being edited (the step's `show`): a server selected, a
// side-panel tab open, the logs enlarged. New steps take the screen as it is when they are
// added (tourEditor.ts); the app does it whenever the step is shown.

import { SHOW_TABS, type ShowTab, type TourShow, type TourStep } from '../../scenario/format.ts';
import { useApp } from '../../store/app.ts';
import { updateStep } from '../../store/tour.ts';
import { cleanShow } from '../../store/tourNav.ts';

const TAB_LABEL: Record<ShowTab, string> = { server: 'Server', message: 'Message', safety: 'Safety', history: 'History' };

export function ScreenPicker({ index, s }: { index: number; s: TourStep }) {
  const ids = useApp((st) => st.frame.ids);
  const show = s.show ?? {};
  const save = (change: TourShow) => {
    const next: TourStep = { ...s };
    const cleaned = cleanShow({ ...show, ...change });
    if (cleaned === undefined) delete next.show;
    else next.show = cleaned;
    updateStep(index, next);
  };
  const servers = show.select !== undefined && !ids.includes(show.select) ? [...ids, show.select] : ids;
  return (
    <fieldset className="sc-screen" data-testid="screen-picker">
      <legend>Screen at this step</legend>
      <div className="sc-row sc-screen-row">
        <label>
          Select{' '}
          <select value={show.select ?? ''} onChange={(e) => save({ select: e.target.value === '' ? undefined : e.target.value })} data-testid="show-select">
            <option value="">no change</option>
            {servers.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Side tab{' '}
          <select value={show.tab ?? ''} onChange={(e) => save({ tab: e.target.value === '' ? undefined : (e.target.value as ShowTab) })} data-testid="show-tab">
            <option value="">no change</option>
            {SHOW_TABS.map((t) => (
              <option key={t} value={t}>
                {TAB_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="sc-check">
          <input type="checkbox" checked={show.logsLarge === true} onChange={(e) => save({ logsLarge: e.target.checked })} data-testid="show-logs-large" /> Large logs
        </label>
      </div>
    </fieldset>
  );
}
