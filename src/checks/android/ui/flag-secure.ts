import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import { defineAndroidCheck, refs, type CodePlace } from '../support.js';
import {
  callsNamed, constInt, isAppCode, methodFacts, passControl, proofAt, type Proof,
} from '../resilience/resilience-support.js';

/** WindowManager.LayoutParams.FLAG_SECURE. */
const FLAG_SECURE = 0x2000;
const WINDOW = 'Landroid/view/Window;';
const LAYOUT_PARAMS = 'Landroid/view/WindowManager$LayoutParams;';
/** Library places listed in a finding at most (they only explain why the app is not credited). */
const MAX_LIBRARY_EVIDENCE = 5;

/**
 * Whether a flags argument has FLAG_SECURE. A constant says it directly; a computed value (`a | b`, a flag
 * kept in a variable) is accepted when the calling method has a small literal with the bit, since the
 * flags of such calls are built from constants in the same method.
 */
function hasSecureBit(app: AndroidApp, site: CallSite, v: Value | undefined): boolean {
  const c = constInt(v);
  if (c !== undefined) return (c & FLAG_SECURE) !== 0;
  return methodFacts(app, site).literals.some(isSecureFlagLiteral);
}

/** A literal that can be a window-flags value with FLAG_SECURE; resource ids (0x7f……, 0x01……) are not. */
function isSecureFlagLiteral(l: number): boolean {
  return l > 0 && l < 0x01000000 && (l & FLAG_SECURE) !== 0;
}

const SURFACE_VIEWS = new Set(['Landroid/view/SurfaceView;', 'Landroid/opengl/GLSurfaceView;', 'Landroid/widget/VideoView;']);

/** `setSecure(boolean)` is a common name (cookies, sockets): only SurfaceView and its subclasses count. */
function isSurfaceView(app: AndroidApp, classType: string): boolean {
  return SURFACE_VIEWS.has(classType) || app.code.superclassChain(classType).some((c) => SURFACE_VIEWS.has(c));
}

interface FoundSecure {
  app: Proof[];
  library: Proof[];
}

function flagSecureProofs(app: AndroidApp): FoundSecure {
  const found: FoundSecure = { app: [], library: [] };
  const add = (site: CodePlace, text: string, call?: string): void => {
    (isAppCode(app, site.classType) ? found.app : found.library).push(proofAt(app, site, text, call));
  };
  const code = app.code;
  for (const c of code.callsTo(WINDOW, 'setFlags', '(II)V')) {
    if (hasSecureBit(app, c, c.args[1]) && hasSecureBit(app, c, c.args[2])) add(c, 'Window.setFlags(FLAG_SECURE, FLAG_SECURE)', 'Window.setFlags');
  }
  for (const c of code.callsTo(WINDOW, 'addFlags', '(I)V')) {
    if (hasSecureBit(app, c, c.args[1])) add(c, 'Window.addFlags(FLAG_SECURE)', 'Window.addFlags');
  }
  // new WindowManager.LayoutParams(…, flags, …) for windows the app adds itself.
  const flagsIndex: Record<string, number> = { '(III)V': 2, '(IIIII)V': 4, '(IIIIIII)V': 6 };
  for (const c of code.callsTo(LAYOUT_PARAMS, '<init>')) {
    const i = flagsIndex[c.target.descriptor];
    if (i !== undefined && constInt(c.args[i]) !== undefined && ((constInt(c.args[i])! & FLAG_SECURE) !== 0)) add(c, 'new WindowManager.LayoutParams(…, FLAG_SECURE, …)', 'WindowManager.LayoutParams.<init>');
  }
  for (const a of code.fieldAccesses(LAYOUT_PARAMS, 'flags')) {
    if (!a.write) continue;
    const v = constInt(a.value);
    const secure = v !== undefined ? (v & FLAG_SECURE) !== 0 : methodFacts(app, a).literals.some(isSecureFlagLiteral);
    if (secure) add(a, 'sets FLAG_SECURE in WindowManager.LayoutParams.flags');
  }
  // SurfaceView.setSecure(true): the surface (video, camera, custom drawing) is kept out of captures.
  for (const c of callsNamed(app, [['setSecure', '(Z)V']])) {
    if (constInt(c.args[1]) === 1 && isSurfaceView(app, c.target.classType)) add(c, 'SurfaceView.setSecure(true)', 'SurfaceView.setSecure');
  }
  // Jetpack Compose dialogs and popups: SecureFlagPolicy.SecureOn.
  for (const a of code.fieldAccesses('Landroidx/compose/ui/window/SecureFlagPolicy;', 'SecureOn')) {
    if (!a.write) add(a, 'SecureFlagPolicy.SecureOn (Compose window with FLAG_SECURE)');
  }
  return found;
}

export default defineAndroidCheck({
  id: 'android.ui.flag-secure',
  meta: {
    title: 'Screens protected from capture (FLAG_SECURE)',
    family: 'ui',
    kind: 'control',
    severity: 'medium',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-PLATFORM-3'], maswe: ['MASWE-0038'], cwe: ['CWE-200'], dfs: ['APP-06'] }),
    description: [
      'Without `WindowManager.LayoutParams.FLAG_SECURE` a window can be captured: screenshots, screen recording and casting (MediaProjection, used by',
      'remote-access and banking malware), and the thumbnail in the recent-apps list. On a wallet or banking app that exposes balances, account numbers,',
      'one-time codes and the PIN pad.',
      '',
      'The check looks for the flag being set: `Window.setFlags`/`addFlags` with a value containing 0x2000, `WindowManager.LayoutParams` built or updated',
      'with it, `SurfaceView.setSecure(true)`, or Compose\'s `SecureFlagPolicy.SecureOn`. Only the app\'s own code counts; a bundled SDK that protects its',
      'own screens does not protect the app\'s (such calls are listed in the finding\'s evidence). A pass does not prove that every sensitive screen is',
      'covered: confirm that the login, PIN, balance and transfer screens set it.',
    ].join('\n'),
    manual:
      'Open each sensitive screen (login, PIN entry, balance, transfer, statement) and take a screenshot and a screen recording (`adb shell screencap`, `adb shell screenrecord`); also look at the app in the recent-apps list. Protected screens come out black.',
    remediation:
      'Call `getWindow().setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)` in `onCreate` of every activity (and dialog) that shows credentials, balances or transaction data, e.g. in a common base activity.',
  },
  run(ctx) {
    const found = flagSecureProofs(ctx.app);
    if (found.app.length > 0) {
      passControl(ctx, found.app, 'FLAG_SECURE is set in app code; check that every sensitive screen is covered.');
      return;
    }
    ctx.report({
      message: 'No FLAG_SECURE in the app\'s own code: its screens (PIN entry, balances, transactions) can be captured by screenshots, screen recording and the recent-apps thumbnail.',
      locations: [],
      evidence: [...new Set(found.library.map((p) => `only in library code: ${p.evidence}`))].sort().slice(0, MAX_LIBRARY_EVIDENCE),
    });
  },
});
