import type { CallSite, MethodRef } from '../../../formats/dex/index.js';
import type { Severity } from '../../../findings/types.js';
import { byMethod, callsNamed, shortCall } from '../code/dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import { intentAt, type IntentFacts } from './intent-support.js';

// Context.sendBroadcast family (developer.android.com Context reference). LocalBroadcastManager has a
// method of the same name that returns boolean and stays in the process: it is excluded by return type.
const SEND_METHODS = new Set([
  'sendBroadcast', 'sendBroadcastAsUser', 'sendOrderedBroadcast', 'sendOrderedBroadcastAsUser',
  'sendStickyBroadcast', 'sendStickyBroadcastAsUser', 'sendStickyOrderedBroadcast', 'sendStickyOrderedBroadcastAsUser',
]);

function isSend(t: MethodRef): boolean {
  return SEND_METHODS.has(t.name) && t.proto.params[0] === 'Landroid/content/Intent;' && t.proto.returnType === 'V' && !t.classType.includes('LocalBroadcastManager');
}

/** Argument index (receiver = 0) of the receiver permission: the first String after the intent. */
function permissionArg(t: MethodRef): number | undefined {
  const i = t.proto.params.indexOf('Ljava/lang/String;');
  return i < 0 ? undefined : i + 1;
}

interface Send {
  site: CallSite;
  sticky: boolean;
  facts: IntentFacts | undefined;
  permission: string | undefined;
}

export default defineAndroidCheck({
  id: 'android.ipc.implicit-broadcast',
  meta: {
    title: 'Data sent in an implicit or sticky broadcast',
    family: 'ipc',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0032'], cwe: ['CWE-927'], dfs: ['APP-28'] }),
    description: [
      'Finds `sendBroadcast`, `sendOrderedBroadcast` and their `…AsUser` forms whose intent is built in the calling method with only an action (`new Intent(action)`, `setAction`) — no `setPackage`, `setComponent`, `setClass` or `Intent(Context, Class)` — carries extras or data, and is sent without a receiver permission. Any installed app can register a receiver for that action and read the extras: account numbers, balances, one-time codes, PINs (CWE-927). An ordered broadcast can even be intercepted and changed.',
      '',
      'Every sticky broadcast (`sendStickyBroadcast`, `sendStickyOrderedBroadcast`) is reported: it cannot be protected by a permission, stays in the system after delivery, and any app can read its last value at any time (deprecated since API 21).',
      '',
      'Intents received as parameters or read from fields are not followed. Bundled library code is reported at low severity.',
    ].join('\n'),
    manual:
      'Decompile the reported method and list the extras. On a test device, install a small app that registers a receiver for the action (or call `registerReceiver(null, filter)` for a sticky one) and check what it receives when the wallet sends the broadcast.',
    remediation:
      'Make the broadcast explicit (`intent.setPackage(getPackageName())` or a component), or require a signature-level permission as the receiver permission; use LocalBroadcastManager or in-process observers for app-internal events; never use sticky broadcasts, and keep secrets out of broadcasts.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const sends: Send[] = [];
    for (const site of [...SEND_METHODS].flatMap((n) => callsNamed(code, n).filter((s) => isSend(s.target)))) {
      const sticky = site.target.name.includes('Sticky');
      const pArg = permissionArg(site.target);
      const pValue = pArg === undefined ? undefined : site.args[pArg];
      // A null constant (0) is "no permission"; anything else names one.
      const permission = pValue === undefined || (pValue.k === 'int' && pValue.v === 0) ? undefined : pValue.k === 'str' ? pValue.v : '(a permission)';
      const facts = intentAt(code, site, 1);
      if (!sticky && (!facts || facts.explicit || facts.extras.length === 0 || permission !== undefined)) continue;
      sends.push({ site, sticky, facts, permission });
    }
    for (const group of byMethod(sends.map((s) => ({ ...s, method: s.site.method })))) {
      const first = group[0]!;
      const sticky = group.some((s) => s.sticky);
      const library = isLibrary(app, first.site.classType);
      const evidence: string[] = [];
      for (const s of group) {
        const f = s.facts;
        if (f) {
          evidence.push(`${f.construction}${f.action ? ` action ${f.action}` : ''}${f.explicit ? `, explicit via ${f.explicitBy}` : ', no setPackage/setComponent/setClass'}`);
          if (f.extras.length > 0) evidence.push(`extras: ${f.extras.join(', ')}`);
        }
        evidence.push(`${shortCall(s.site.target)}(intent${s.permission ? `, ${JSON.stringify(s.permission)}` : ''})${s.permission ? '' : ' without a receiver permission'}`);
      }
      const actions = [...new Set(group.map((s) => s.facts?.action).filter((a): a is string => a !== undefined))];
      let severity: Severity = 'medium';
      if (library) severity = 'low';
      ctx.report({
        message: sticky
          ? `${methodLabel(first.site.method)} sends a sticky broadcast${actions.length ? ` (${actions.join(', ')})` : ''}: any app can read it, now or later.`
          : `${methodLabel(first.site.method)} sends an implicit broadcast${actions.length ? ` (${actions.join(', ')})` : ''} with extras and no receiver permission: any app can receive them.`,
        locations: group.map((s) => siteLocation(app, s.site, s.site.target)),
        evidence: [...new Set(evidence)],
        severity,
      });
    }
  },
});
