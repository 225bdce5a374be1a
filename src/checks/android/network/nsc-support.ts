/** Locations inside the network security config file. */
import type { AndroidApp } from '../../../app/android.js';
import type { Location } from '../../../findings/types.js';
import { baseArchive } from '../support.js';

export function nscLocation(app: AndroidApp, element: string, attribute?: string): Location {
  const path = app.networkSecurityConfig?.path ?? 'res/xml/network_security_config.xml';
  const l: Location = { path, element };
  const a = baseArchive(app);
  if (a) l.archive = a;
  if (attribute) l.attribute = attribute;
  return l;
}
