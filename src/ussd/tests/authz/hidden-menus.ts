/**
 * USSD-AUTHZ-01: hidden menus. Agent, staff and test functions are often left in the same USSD application,
 * reachable by a number no screen displays (`99`, `0*0`, `000`). Any subscriber who types it gets them.
 */
import type { MenuNode } from '../../crawler.js';
import { normalizeText } from '../../prompts.js';
import { defineUssdTest, type UssdTestContext } from '../types.js';
import { documentedNodeIds, entryIds, excerpt, nodeById, reachedEnd, walk } from '../../flows.js';

/** Words of privileged or internal functions (English, French, Swahili, Spanish, Portuguese). */
const PRIVILEGED = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])(?:${[
    'agents?', 'admin\\w*', 'test(?:ing)?', 'debug', 'float', 'commissions?', 'staff', 'super ?agent', 'superuser', 'root',
    'maintenance', 'internal', 'supervisor', 'teller', 'back ?office', 'dealer', 'operator tools', 'override', 'diagnostics?',
    'reset subscriber', 'subscriber look-?up', 'sandbox',
    'administrateur', 'personnel', 'wakala', 'msimamizi', 'mtihani', 'administrador', 'pruebas?', 'comision(?:es)?', 'teste', 'comissao',
  ].join('|')})(?=$|[^\\p{L}\\p{N}])`,
  'u',
);

const QUICK_PROBES = ['99', '0*0', '9', '000', '00'];
const FULL_PROBES = ['99', '0*0', '9', '000', '00', '999', '#', '*', '100', '111', '123', '7777', '0*9', '*99'];

/** The privileged words a screen shows that no documented screen shows. */
function newPrivilegedWords(text: string, documentedText: string): string[] {
  const out = new Set<string>();
  const global = new RegExp(PRIVILEGED.source, 'gu');
  for (const m of normalizeText(text).matchAll(global)) {
    const w = m[0].replace(/^[^\p{L}\p{N}]/u, '');
    if (!new RegExp(`(?:^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[^\\p{L}\\p{N}])`, 'u').test(documentedText)) out.add(w);
  }
  return [...out].sort();
}

interface Candidate {
  parent: MenuNode;
  input: string;
}

export const hiddenMenusTest = defineUssdTest({
  id: 'ussd.authz.hidden-menus',
  meta: {
    title: 'Undocumented privileged menu reachable by subscribers',
    family: 'authz',
    kind: 'weakness',
    severity: 'high',
    confidence: 'high',
    references: { masvs: [], maswe: [], cwe: ['CWE-912', 'CWE-306'], dfs: ['PLAT-22', 'PLAT-09', 'PLAT-19'] },
    description: [
      'Uses the menu map: the **documented** menu is what the root reaches through options the screens display.',
      'Inputs no screen offers (`99`, `0*0`, `9`, `000`, `00`; more outside quick mode) are tried on the documented',
      'menus (the crawler\'s own probes are reused, so only missing ones are sent; quick mode: the first menu',
      'screen only). An answer that continues the session, is not a screen of the documented menu, and shows',
      'words of privileged or internal functions that no documented screen shows (agent, admin, test, float,',
      'commission, staff…) is an undocumented menu: a finding, confirmed by walking to it again.',
      '',
      'Limits: hidden screens without such words are not reported (an "invalid choice" page must not count);',
      'codes beyond the probe list, and hidden functions behind a PIN, are not found.',
    ].join('\n'),
    manual: [
      'Dial the service as an ordinary subscriber and type `99` (and `0*0`, `000`) at the main menu: a hardened',
      'service answers "invalid choice"; a vulnerable one opens an agent or admin menu. Do not use its functions',
      'on real accounts.',
    ].join('\n'),
    remediation: [
      'Remove agent, staff and test functions from the subscriber USSD application, or serve them on a separate',
      'code that checks the caller against an allow-list of registered agents and requires the agent\'s own',
      'credentials; treat every input that is not a displayed option as invalid.',
    ].join('\n'),
    catalogueId: 'USSD-AUTHZ-01',
    destructive: false,
    movesMoney: false,
    needsSecondAccount: false,
    needsMenu: true,
    slow: false,
  },
  async run(ctx) {
    const map = ctx.menu;
    if (!map || map.nodes.length === 0) return ctx.inconclusive('no menu map (the crawl did not run or failed)');
    const byId = nodeById(map);
    const documented = documentedNodeIds(map);
    const docNodes = map.nodes.filter((n) => documented.has(n.id));
    const documentedText = docNodes.map((n) => normalizeText(n.text)).join('\n');
    const docScreens = new Set(docNodes.map((n) => normalizeText(n.text)));
    const menus = docNodes.filter((n) => n.kind === 'menu' && n.continue);
    if (menus.length === 0) return ctx.inconclusive('the menu map has no menu screen');

    // Entries the crawl already met: a probe edge from a documented menu to a screen outside the documented menu.
    const fromMap: Candidate[] = [];
    for (const parent of menus) {
      const keys = new Set(parent.options.map((o) => o.key));
      for (const e of parent.children) {
        if (keys.has(e.input)) continue;
        const child = byId.get(e.node);
        if (!child || documented.has(child.id) || !child.continue) continue;
        if (newPrivilegedWords(child.text, documentedText).length) fromMap.push({ parent, input: e.input });
      }
    }
    // Probes the crawl did not send, on the root (quick) or on every distinct documented menu.
    const seenMenuText = new Set<string>();
    const toProbe: Candidate[] = [];
    const probes = ctx.quick ? QUICK_PROBES : FULL_PROBES;
    for (const parent of [...menus].sort((a, b) => a.depth - b.depth)) {
      const key = normalizeText(parent.text);
      if (seenMenuText.has(key)) continue;
      seenMenuText.add(key);
      const tried = new Set([...parent.options.map((o) => o.key), ...parent.children.map((e) => e.input)]);
      for (const p of probes) if (!tried.has(p)) toProbe.push({ parent, input: p });
      if (ctx.quick) break;
    }

    const hits = new Map<string, { words: string[]; text: string; inputs: string[]; ids: number[] }>();
    const clean: number[] = [];
    for (const c of [...fromMap, ...toProbe]) {
      const path = [...c.parent.path, c.input];
      const s = await walk(ctx, ctx.a.msisdn, path);
      const ids = entryIds(s);
      if (!reachedEnd(s, path) || !s.screen!.continue) {
        clean.push(...ids.slice(-1));
        continue;
      }
      const text = s.screen!.text;
      const norm = normalizeText(text);
      const words = docScreens.has(norm) ? [] : newPrivilegedWords(text, documentedText);
      if (words.length === 0) {
        clean.push(...ids.slice(-1));
        continue;
      }
      const hit = hits.get(norm);
      if (hit) {
        hit.inputs.push(`${c.parent.path.join('>') || 'root'}: ${c.input}`);
        hit.ids.push(...ids);
      } else hits.set(norm, { words, text, inputs: [`${c.parent.path.join('>') || 'root'}: ${c.input}`], ids });
    }

    for (const h of [...hits.values()].sort((a, b) => (a.inputs[0]! < b.inputs[0]! ? -1 : 1))) {
      ctx.report({
        message: `An undocumented menu answers ${h.inputs.map((i) => `"${i}"`).join(', ')} (no screen offers it) and shows ${h.words.join(', ')}: "${excerpt(h.text, 100)}".`,
        transcript: h.ids,
        evidence: [`screen: ${excerpt(h.text)}`],
        path: h.inputs[0]!.replace(/: /, '>').replace(/^root>/, ''),
      });
    }
    if (hits.size === 0) {
      ctx.pass({
        message: `${fromMap.length + toProbe.length} out-of-menu inputs on ${ctx.quick ? 'the first menu' : `${seenMenuText.size} menus`} (plus the crawl's probes) opened no undocumented menu.`,
        transcript: clean,
      });
    }
  },
});
