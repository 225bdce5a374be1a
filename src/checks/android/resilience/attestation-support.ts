/**
 * Calls from the app's own code into platform attestation services: Play Integrity (classic and standard
 * requests), SafetyNet Attestation (deprecated, still shipped), and Firebase App Check with one of those
 * providers. Shared by play-integrity (app attestation) and root-detection (device-integrity verdict).
 * Calls inside the SDKs themselves are not counted: the SDK being bundled proves nothing.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { CallSite } from '../../../formats/dex/index.js';
import { appCalls, shortCall, type ApiRef } from './resilience-support.js';

const PLAY_INTEGRITY = 'Lcom/google/android/play/core/integrity/';

const ATTESTATION_APIS: ReadonlyArray<{ api: ApiRef; name: string }> = [
  { api: [`${PLAY_INTEGRITY}IntegrityManager;`, 'requestIntegrityToken'], name: 'Play Integrity token request' },
  { api: [`${PLAY_INTEGRITY}IntegrityManagerFactory;`, 'create'], name: 'Play Integrity manager' },
  { api: [`${PLAY_INTEGRITY}IntegrityManagerFactory;`, 'createStandard'], name: 'Play Integrity standard manager' },
  { api: [`${PLAY_INTEGRITY}StandardIntegrityManager;`, 'prepareIntegrityToken'], name: 'Play Integrity standard token provider' },
  { api: [`${PLAY_INTEGRITY}StandardIntegrityManager$StandardIntegrityTokenProvider;`, 'request'], name: 'Play Integrity standard token request' },
  { api: ['Lcom/google/android/gms/safetynet/SafetyNetClient;', 'attest'], name: 'SafetyNet attestation' },
  { api: ['Lcom/google/android/gms/safetynet/SafetyNetApi;', 'attest'], name: 'SafetyNet attestation' },
  { api: ['Lcom/google/firebase/appcheck/playintegrity/PlayIntegrityAppCheckProviderFactory;', 'getInstance'], name: 'Firebase App Check with Play Integrity' },
  { api: ['Lcom/google/firebase/appcheck/safetynet/SafetyNetAppCheckProviderFactory;', 'getInstance'], name: 'Firebase App Check with SafetyNet' },
];

export interface AttestationCall {
  site: CallSite;
  /** Human name of the API, e.g. "Play Integrity token request". */
  api: string;
  /** `IntegrityManager.requestIntegrityToken`. */
  call: string;
}

export function attestationCalls(app: AndroidApp): AttestationCall[] {
  const out: AttestationCall[] = [];
  for (const { api, name } of ATTESTATION_APIS) {
    for (const site of appCalls(app, api)) out.push({ site, api: name, call: shortCall(site.target.classType, site.target.name) });
  }
  return out;
}
