// Start-up of the offline lecture file: the lecture written into it opens as its link would
// (tour at its start), unless the address carries a scenario of its own (a link made in the file).

import { loadFromLocation, loadScenario } from '../store/share.ts';
import { pageOfflineData } from './mode.ts';

export function loadOfflineLecture(): void {
  const { link } = pageOfflineData();
  if (link === undefined || location.hash.replace(/^#/, '') !== '') loadFromLocation();
  else loadScenario(link);
}
