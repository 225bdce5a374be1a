import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadCatalog } from '../../src/index.js';
it('explore', () => {
  const cat = loadCatalog();
  const ids = 'APP-20 APP-21 APP-23 APP-25 APP-45 APP-47 APP-50 APP-52 APP-62 APP-61 APP-60 APP-07 PLAT-13 PLAT-05 USSD-03 USSD-15 USSD-31 USSD-33 USSD-37 USSD-01 USSD-18 SIM-03 SIM-06 SIM-30 SIM-47 SIM-48 SS7-33 SS7-36 SS7-30 PLAT-31'.split(' ');
  const out = ids.map((id) => { const i = cat.get(id)!; return `## ${id} ${i.title}\n${i.statement}\nHOW: ${(i as any).howToTest ?? ''}`.slice(0, 900); });
  writeFileSync('/tmp/trx/st.txt', out.join('\n\n'));
});
