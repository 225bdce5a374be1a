import { importedOf, listSome, sourceName } from '../binary-text-support.js';
import { allExecutableTexts } from '../binary-text-support.js';
import { defineIosCheck, executableLocation, infoPlistLocation, refs, sliceEvidence } from '../support.js';

/**
 * Calls that anti-debugging code makes: ptrace(PT_DENY_ATTACH), sysctl(KERN_PROC_PID) to read P_TRACED,
 * getppid() (launchd is 1 unless a debugger spawned the app), task_get_exception_ports (a debugger
 * registers exception ports), isatty/ioctl on the console are too generic and are left out.
 */
const ANTI_DEBUG = ['_ptrace', '_sysctl', '_getppid', '_task_get_exception_ports'];

export default defineIosCheck({
  id: 'ios.resilience.debugger-detection',
  meta: {
    title: 'Debugger detection',
    family: 'resilience',
    kind: 'control',
    severity: 'low',
    confidence: 'medium',
    references: refs({ masvs: ['MASVS-RESILIENCE-4'], maswe: ['MASWE-0064'], cwe: ['CWE-693'], dfs: ['APP-10'] }),
    description:
      'Attaching a debugger lets an attacker read secrets from memory and skip checks. Passes when an executable imports a function anti-debugging code relies on: `ptrace` (for `PT_DENY_ATTACH`), `sysctl` (reading `P_TRACED` of the own process), `getppid`, `task_get_exception_ports`; or resolves `ptrace` by name (the C string "ptrace" with a `dlsym` import). Names decide nothing: an app or class called "anti-debug" without these calls has no detection. `sysctl` also serves harmless queries (hardware model), so a pass on it alone is weaker evidence. Inline `svc #0x80` system calls are not seen without disassembly.',
    manual: 'Try to attach (`debugserver` / `lldb` on a jailbroken device, or `frida -U -f <bundle id>`) and see whether the app exits or refuses; disassemble the callers of `ptrace`/`sysctl`.',
    remediation: 'Combine several checks (`sysctl` P_TRACED, `ptrace(PT_DENY_ATTACH)`, exception ports) in native code at start-up and periodically, and react in a way that does not reveal which check fired.',
  },
  run(ctx) {
    const { app } = ctx;
    let found = false;
    for (const t of allExecutableTexts(app)) {
      const calls = importedOf(t.slices, ANTI_DEBUG);
      const dynamic = t.strings.includes('ptrace') && importedOf(t.slices, ['_dlsym']).length > 0;
      if (calls.length === 0 && !dynamic) continue;
      found = true;
      const evidence: string[] = [];
      if (calls.length > 0) evidence.push(sliceEvidence(t.exe, t.slices, `imports ${calls.join(', ')}`));
      if (dynamic) evidence.push(`${t.exe.path}: C string "ptrace" and imports _dlsym (ptrace resolved at run time)`);
      ctx.pass({
        message: `${t.exe.path} uses anti-debugging calls (${listSome([...calls.map(sourceName), ...(dynamic ? ['dlsym("ptrace")'] : [])])}).`,
        locations: [executableLocation(t.exe, calls[0])],
        evidence,
      });
    }
    if (found) return;
    const main = app.executables.find((x) => x.kind === 'main');
    ctx.report({
      message: 'No debugger detection found: no executable imports ptrace, sysctl, getppid or task_get_exception_ports.',
      locations: [main ? executableLocation(main) : infoPlistLocation()],
      evidence: ['no _ptrace/_sysctl/_getppid/_task_get_exception_ports imports and no dlsym("ptrace")'],
    });
  },
});
