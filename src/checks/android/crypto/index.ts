/** The crypto check family: misuse of the Java cryptography APIs and home-made substitutes. */
import type { AndroidCheck } from '../support.js';
import ecbMode from './ecb-mode.js';
import encodingAsEncryption from './encoding-as-encryption.js';
import hardcodedKey from './hardcoded-key.js';
import insecureRandom from './insecure-random.js';
import rsaNoOaep from './rsa-no-oaep.js';
import staticIv from './static-iv.js';
import weakCipher from './weak-cipher.js';
import weakHash from './weak-hash.js';

export const cryptoChecks: readonly AndroidCheck[] = [
  ecbMode, encodingAsEncryption, hardcodedKey, insecureRandom, rsaNoOaep, staticIv, weakCipher, weakHash,
];
