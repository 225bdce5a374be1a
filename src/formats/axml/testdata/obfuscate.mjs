#!/usr/bin/env node
/**
 * Applies two manifest-obfuscation tricks seen in malware to an aapt-compiled AndroidManifest.xml, keeping every
 * size and offset valid so that the platform still installs it:
 *  1. the attribute-name string "debuggable" is renamed to "xdebugabcd" (same length); its resource id
 *     0x0101000f stays, so the platform still reads it as android:debuggable;
 *  2. the resource-map entry of the attribute-name string "permission" is set to 0, so android:permission has no
 *     resource id any more and the platform's typed readers ignore it (the service looks protected, is not).
 * Usage: node obfuscate.mjs in.axml out.axml
 */
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const b = Buffer.from(readFileSync(input));
const poolAt = b.readUInt16LE(2);
if (b.readUInt16LE(poolAt) !== 1 || (b.readUInt32LE(poolAt + 16) & 0x100) !== 0) throw new Error('expected a UTF-16 pool');
const count = b.readUInt32LE(poolAt + 8);
const stringsStart = poolAt + b.readUInt32LE(poolAt + 20);
const at = (i) => stringsStart + b.readUInt32LE(poolAt + 28 + i * 4);
const str = (i) => {
  const o = at(i);
  return b.toString('utf16le', o + 2, o + 2 + b.readUInt16LE(o) * 2);
};
const find = (s) => {
  for (let i = 0; i < count; i++) if (str(i) === s) return i;
  throw new Error(`string ${s} not found`);
};

const debuggable = find('debuggable');
b.write('xdebugabcd', at(debuggable) + 2, 'utf16le');

const mapAt = poolAt + b.readUInt32LE(poolAt + 4);
if (b.readUInt16LE(mapAt) !== 0x180) throw new Error('expected the resource map after the pool');
const permission = find('permission');
b.writeUInt32LE(0, mapAt + 8 + permission * 4);

writeFileSync(output, b);
