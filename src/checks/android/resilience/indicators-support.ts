/**
 * The indicator strings the resilience checks look for (root, emulator, hooking-framework and debugger
 * traces, the name of the app's own code file), and one shared scan of the app's string constants for
 * all of them. Scanning the string table once instead of once per check keeps large multi-DEX apps fast;
 * each check then keeps the uses that match its own patterns and confirms them with the method's calls.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { StringUse } from '../../../formats/dex/index.js';
import { appStrings } from './resilience-support.js';

/**
 * Files, commands and packages that only exist on rooted devices: su binaries and their daemons, root
 * managers (SuperSU, Superuser, Magisk, KingRoot, KernelSU), busybox, root-hiding tools. Case matters:
 * these are file and package names (a bare "SU" is a language or country code).
 */
export const ROOT_ARTIFACT =
  /(^|\/)su$|^\/su\/|\/su\/bin|^which su$|[Ss]uper[Uu]ser|[Ss]uper[Ss][Uu]|daemonsu|\.has_su_daemon|\.installed_su_daemon|\/system\/xbin\/which|busybox|magisk|kernelsu|kingroot|kinguser|kingo\.root|rootcloak|hidemyroot|\.hideroot|framaroot|oneclickroot|noshufou|eu\.chainfire\./;

/** Build.TAGS of a build signed with the AOSP test keys (custom ROM, rooted image). */
export const TEST_KEYS = /^test-keys$/;

/**
 * Values `android.os.Build` fields take on the Android emulator (goldfish/ranchu kernels, sdk_gphone and
 * google_sdk images, "generic" fingerprints), Genymotion (vbox86p) and common desktop emulators, as they
 * are written in those fields.
 */
export const BUILD_EMULATOR_VALUE =
  /^generic|goldfish|ranchu|sdk_gphone|google_sdk|sdk_google|[Ee]mulator|[Ss]imulator|[Gg]enymotion|vbox86|sdk_x86|^nox$|[Bb]lue[Ss]tacks|ttVM_x86|[Dd]roid4[Xx]|^andy$|Android SDK built for/;

/** Files and system properties that exist only in emulators (QEMU pipes, goldfish/ranchu init files, Genymotion, VirtualBox). */
export const EMULATOR_ARTIFACT =
  /qemu|goldfish|ranchu|\/dev\/socket\/genyd|baseband_genyd|fstab\.andy|ueventd\.andy|fstab\.nox|init\.nox|ueventd\.nox|\/dev\/vboxguest|\/dev\/vboxuser/;

/** The emulator's default phone number and IMEI/IMSI values. */
export const TELEPHONY_EMULATOR_VALUE = /^1555521555\d$|^000000000000000$|^310260000000000$/;

/**
 * Traces of hooking frameworks: Frida (agent, gadget and server names, its GLib thread names
 * "gmain"/"gdbus", "gum-js-loop", the injector), Xposed and successors (LSPosed, EdXposed, Riru/Zygisk),
 * Cydia Substrate. Lower case as they appear in /proc and package names ("Friday" is not Frida).
 */
export const HOOK_INDICATOR = /frida(?!y)|gum-js-loop|^gmain$|^gdbus$|linjector|[Xx]posed|substrate|lsposed|zygisk|^riru|\/riru/;

/** The `TracerPid:` line of /proc/self/status (non-zero while a ptrace debugger is attached). */
export const TRACER_PID = /^TracerPid:?\s*$/;

/** The app's own DEX code file, named when its checksum is verified. */
export const DEX_FILE_NAME = /^classes\d*\.dex$/;

const ALL = [ROOT_ARTIFACT, TEST_KEYS, BUILD_EMULATOR_VALUE, EMULATOR_ARTIFACT, TELEPHONY_EMULATOR_VALUE, HOOK_INDICATOR, TRACER_PID, DEX_FILE_NAME];
/** One alternation of all patterns: a single regex run per string constant. */
const ANY = new RegExp(ALL.map((r) => `(?:${r.source})`).join('|'));
/** Indicators are short names and paths; longer constants (messages, JSON, keys) are skipped unread. */
const MAX_INDICATOR_LENGTH = 120;

const cache = new WeakMap<AndroidApp, StringUse[]>();

/** Every use of an indicator string in app code, from one scan of the string constants (cached per app). */
export function indicatorStrings(app: AndroidApp): StringUse[] {
  let uses = cache.get(app);
  if (!uses) {
    uses = appStrings(app, (s) => s.length <= MAX_INDICATOR_LENGTH && ANY.test(s));
    cache.set(app, uses);
  }
  return uses;
}

/** The indicator uses whose value matches `re`. */
export function indicatorUses(app: AndroidApp, re: RegExp): StringUse[] {
  return indicatorStrings(app).filter((u) => re.test(u.value));
}
