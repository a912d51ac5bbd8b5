import type { PlacesModule } from '../places/index.js';
import type { ReportsContext } from './reports.service.js';

/** Demo reports: filled in below (step 6). */
export async function seedDemoReports(_ctx: ReportsContext, _places: PlacesModule): Promise<number> {
  return 0;
}
