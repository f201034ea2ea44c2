import { lecture } from './define.ts';
import { FIGURE_8_OPTIONS, FIGURE_8_ACTIONS, figure8Steps } from './figure8Run.ts';

export default lecture('figure-8', {
  options: FIGURE_8_OPTIONS,
  actions: FIGURE_8_ACTIONS,
  tour: figure8Steps(false),
});
