import type { CallSite } from '../../../formats/dex/index.js';
import { byMethod, shortCall } from '../code/dataflow-support.js';
import { methodLabel, siteLocation } from '../bytecode-support.js';
import { defineAndroidCheck, isLibrary, refs } from '../support.js';
import { intentAt, type IntentFacts } from './intent-support.js';

// PendingIntent flags (developer.android.com PendingIntent reference).
const FLAG_IMMUTABLE = 0x04000000;
const FLAG_MUTABLE = 0x02000000;
const FACTORIES = ['getActivity', 'getBroadcast', 'getService', 'getForegroundService'];

interface Mutable {
  site: CallSite;
  flags: number;
  facts: IntentFacts;
}

export default defineAndroidCheck({
  id: 'android.ipc.mutable-pending-intent',
  meta: {
    title: 'Mutable PendingIntent wrapping an implicit intent',
    family: 'ipc',
    kind: 'weakness',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-1'], maswe: ['MASWE-0032'], cwe: ['CWE-927'], dfs: ['APP-28'] }),
    description: [
      'Finds `PendingIntent.getActivity`, `getBroadcast`, `getService` and `getForegroundService` whose flags (a constant) do not include `FLAG_IMMUTABLE` (0x04000000) and whose intent, built in the same method, names no component or package.',
      '',
      'A PendingIntent lets another app act with the wallet\'s identity and permissions. When it is mutable and its intent is implicit, the app that receives it (a notification listener, an app the PendingIntent was handed to, or one that obtained it otherwise) can fill in the missing component, action or data and make the wallet start its own non-exported activities, send broadcasts, or grant access to its content providers (CWE-927). Before Android 12 (targetSdk < 31) PendingIntents are mutable unless `FLAG_IMMUTABLE` is set.',
    ].join('\n'),
    manual:
      'Decompile the reported method and check the flags and the intent. Confirm where the PendingIntent goes (notification, alarm, another app) and whether an app that receives it could fill in a component of the wallet.',
    remediation:
      'Create PendingIntents with `FLAG_IMMUTABLE` (use `FLAG_MUTABLE` only where inline reply or bubbles need it), and always make the wrapped intent explicit with `setComponent`/`setPackage` or `Intent(context, Target.class)`.',
  },
  run(ctx) {
    const { app } = ctx;
    const code = app.code;
    const found: Mutable[] = [];
    for (const name of FACTORIES) {
      for (const site of code.callsTo('Landroid/app/PendingIntent;', name)) {
        if (site.target.proto.params[2] !== 'Landroid/content/Intent;') continue;
        const flags = site.args[3];
        if (flags?.k !== 'int' || (flags.v & FLAG_IMMUTABLE) !== 0) continue;
        const facts = intentAt(code, site, 2);
        if (!facts || facts.explicit) continue;
        found.push({ site, flags: flags.v, facts });
      }
    }
    for (const group of byMethod(found.map((f) => ({ ...f, method: f.site.method })))) {
      const first = group[0]!;
      const library = isLibrary(app, first.site.classType);
      const empty = group.some((f) => f.facts.action === undefined);
      ctx.report({
        message: `${methodLabel(first.site.method)} creates a mutable PendingIntent around an implicit intent${empty ? ' with no action either' : ''}: the app it is handed to can redirect it with the wallet's identity.`,
        locations: group.map((f) => siteLocation(app, f.site, f.site.target)),
        evidence: group.flatMap((f) => [
          `${f.facts.construction}${f.facts.action ? ` action ${f.facts.action}` : ''}, no component or package`,
          `${shortCall(f.site.target)}(…, flags 0x${(f.flags >>> 0).toString(16)}${(f.flags & FLAG_MUTABLE) !== 0 ? ' = FLAG_MUTABLE' : ', no FLAG_IMMUTABLE'})`,
        ]),
        ...(library ? { severity: 'low' as const } : {}),
      });
    }
  },
});
