/**
 * @module checks/android/storage/file-write-support
 * Where the app opens files for writing and what it writes, grouped by calling method, for the
 * external-storage, temp-file and plaintext-secrets checks. "Writes a file in this method" is the unit:
 * the path a writer is opened on and the data written through it are associated by method, which matches
 * how such code is written (open, write, close in one place) without following streams through fields.
 */
import type { AndroidApp } from '../../../app/android.js';
import type { CallSite, Value } from '../../../formats/dex/index.js';
import { methodKey } from '../bytecode-support.js';
import { contextCalls, inAppScope } from './code-scope-support.js';
import { concatenationParts } from './value-flow-support.js';

/** A call that opens or creates a file for writing. */
export interface FileOpen {
  site: CallSite;
  /** `new FileWriter(…)`, `Context.openFileOutput(…)`, … */
  call: string;
}

/** A call that writes data, with the pieces of what it writes. */
export interface FileWrite {
  site: CallSite;
  call: string;
  parts: Value[];
}

export interface MethodFileIo {
  opens: FileOpen[];
  writes: FileWrite[];
}

// Constructors that open a file for writing: (class, the first parameter must be a File/String/FileDescriptor).
const WRITER_CLASSES = [
  'Ljava/io/FileOutputStream;', 'Ljava/io/FileWriter;', 'Ljava/io/PrintWriter;', 'Ljava/io/PrintStream;',
  'Ljava/io/RandomAccessFile;',
];
const PATH_PARAMS = new Set(['Ljava/io/File;', 'Ljava/lang/String;', 'Ljava/io/FileDescriptor;']);
const NIO_FILES = 'Ljava/nio/file/Files;';
const NIO_WRITES = new Set(['write', 'writeString', 'newOutputStream', 'newBufferedWriter', 'createFile', 'copy']);
// Stream and writer classes whose write/append/print calls carry file content.
const CONTENT_CLASSES = new Set([
  'Ljava/io/Writer;', 'Ljava/io/FileWriter;', 'Ljava/io/BufferedWriter;', 'Ljava/io/OutputStreamWriter;',
  'Ljava/io/PrintWriter;', 'Ljava/io/OutputStream;', 'Ljava/io/FileOutputStream;', 'Ljava/io/BufferedOutputStream;',
  'Ljava/io/DataOutputStream;', 'Ljava/io/ObjectOutputStream;', 'Ljava/io/RandomAccessFile;',
]);
const CONTENT_METHODS = new Set(['write', 'append', 'print', 'println', 'writeUTF', 'writeBytes', 'writeChars', 'writeObject']);

const cache = new WeakMap<AndroidApp, Map<string, MethodFileIo>>();

function entry(map: Map<string, MethodFileIo>, s: CallSite): MethodFileIo {
  const k = methodKey(s.method);
  let e = map.get(k);
  if (!e) map.set(k, (e = { opens: [], writes: [] }));
  return e;
}

/** File opens and writes of the app's code (and its hybrid framework), by calling method (`methodKey`). */
export function fileIoByMethod(app: AndroidApp): Map<string, MethodFileIo> {
  const hit = cache.get(app);
  if (hit) return hit;
  const code = app.code;
  const map = new Map<string, MethodFileIo>();
  for (const cls of WRITER_CLASSES) {
    const short = cls.slice(cls.lastIndexOf('/') + 1, -1);
    for (const s of code.callsTo(cls, '<init>')) {
      const first = s.target.proto.params[0];
      if (first === undefined || !PATH_PARAMS.has(first) || !inAppScope(app, s.classType)) continue;
      if (cls === 'Ljava/io/RandomAccessFile;') {
        const mode = s.args[2];
        if (mode?.k === 'str' && !mode.v.includes('w')) continue;
      }
      entry(map, s).opens.push({ site: s, call: `new ${short}(…)` });
    }
  }
  for (const name of NIO_WRITES) {
    for (const s of code.callsTo(NIO_FILES, name)) {
      if (inAppScope(app, s.classType)) entry(map, s).opens.push({ site: s, call: `Files.${name}(…)` });
    }
  }
  for (const s of contextCalls(code, 'openFileOutput')) {
    if (inAppScope(app, s.classType)) entry(map, s).opens.push({ site: s, call: 'Context.openFileOutput(…)' });
  }
  for (const cls of CONTENT_CLASSES) {
    const short = cls.slice(cls.lastIndexOf('/') + 1, -1);
    for (const name of CONTENT_METHODS) {
      for (const s of code.callsTo(cls, name)) {
        if (s.target.proto.params.length === 0 || !inAppScope(app, s.classType)) continue;
        const e = map.get(methodKey(s.method));
        // Content matters only where the same method opened a file (a PrintStream may be System.out).
        if (!e || e.opens.length === 0) continue;
        e.writes.push({ site: s, call: `${short}.${name}`, parts: concatenationParts(code, s, 1) });
      }
    }
  }
  cache.set(app, map);
  return map;
}
