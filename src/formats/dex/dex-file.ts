/**
 * @module formats/dex/dex-file
 * Reader for the Dalvik Executable format (source.android.com "Dalvik Executable format", versions 035 to
 * 041). `DexFile.parse` checks the header and copies the fixed-size id tables into typed arrays; every
 * variable-length item (strings, type lists, class data, code items) is decoded lazily, once, and cached.
 *
 * Untrusted input: every offset and count is checked against the real length of the data before it is
 * used, and every failure is a `FormatError` with code `DFSLAB_E_DEX_BAD_MAGIC` or
 * `DFSLAB_E_DEX_BAD_STRUCTURE` carrying the offset. Lazily decoded items share a work budget
 * proportional to the file size, so a crafted file whose items overlap (a valid file's never do) cannot
 * make decoding quadratic.
 */
import { ErrorCodes, FormatError, type DfslabError } from '../../errors.js';
import { decodeMutf8 } from '../bytes.js';

/** `NO_INDEX` of the spec (uint 0xffffffff), e.g. the superclass of java.lang.Object. */
export const NO_INDEX = 0xffffffff;

/** Access flags ("access_flags definitions"). */
export const ACC_PUBLIC = 0x1, ACC_PRIVATE = 0x2, ACC_PROTECTED = 0x4, ACC_STATIC = 0x8, ACC_FINAL = 0x10,
  ACC_SYNCHRONIZED = 0x20, ACC_BRIDGE = 0x40, ACC_VARARGS = 0x80, ACC_NATIVE = 0x100, ACC_INTERFACE = 0x200,
  ACC_ABSTRACT = 0x400, ACC_SYNTHETIC = 0x1000, ACC_ANNOTATION = 0x2000, ACC_ENUM = 0x4000,
  ACC_CONSTRUCTOR = 0x10000;

export interface ProtoRef {
  /** Short-form descriptor, e.g. "LLI" for (String, int) → Object. */
  readonly shorty: string;
  readonly returnType: string;
  readonly params: readonly string[];
  /** Method descriptor, e.g. "(Ljava/lang/String;I)Ljava/lang/Object;". */
  readonly descriptor: string;
}

export interface MethodRef {
  /** Descriptor of the defining class, e.g. "Ljavax/crypto/Cipher;". */
  readonly classType: string;
  readonly name: string;
  readonly proto: ProtoRef;
  /** Same as `proto.descriptor`. */
  readonly descriptor: string;
}

export interface FieldRef {
  readonly classType: string;
  readonly name: string;
  readonly type: string;
}

/**
 * One class_def_item. The string-valued members (classType, superclass, interfaces, sourceFile) are
 * resolved on first access and throw DEX_BAD_STRUCTURE when the file's indices are bad.
 */
export interface ClassDef {
  /** Position in class_defs. */
  readonly index: number;
  readonly classIdx: number;
  readonly classType: string;
  readonly accessFlags: number;
  /** Type index of the superclass, or NO_INDEX. */
  readonly superclassIdx: number;
  readonly superclass: string | undefined;
  readonly interfaces: readonly string[];
  readonly sourceFile: string | undefined;
  readonly annotationsOff: number;
  readonly classDataOff: number;
  readonly staticValuesOff: number;
}

export interface EncodedField {
  readonly fieldIdx: number;
  readonly accessFlags: number;
}

export interface EncodedMethod {
  readonly methodIdx: number;
  readonly accessFlags: number;
  /** Offset of the code_item, 0 for abstract and native methods. */
  readonly codeOff: number;
}

export interface ClassData {
  readonly staticFields: readonly EncodedField[];
  readonly instanceFields: readonly EncodedField[];
  readonly directMethods: readonly EncodedMethod[];
  readonly virtualMethods: readonly EncodedMethod[];
}

export interface CatchHandler {
  /** Type descriptor caught, or undefined for a catch-all. */
  readonly type: string | undefined;
  readonly addr: number;
}

export interface TryItem {
  readonly startAddr: number;
  readonly insnCount: number;
  readonly handlers: readonly CatchHandler[];
}

export interface CodeItem {
  readonly offset: number;
  readonly registersSize: number;
  readonly insSize: number;
  readonly outsSize: number;
  readonly debugInfoOff: number;
  /** The instructions, a view into the file (no copy). */
  readonly insns: Uint16Array;
  /** Index of insns[0] in `DexFile.units`. */
  readonly insnsUnitOffset: number;
  readonly tries: readonly TryItem[];
}

export interface MapItem {
  readonly type: number;
  readonly size: number;
  readonly offset: number;
}

export interface MethodHandleRef {
  /** method_handle_type: 0–3 field accessors, 4–8 method invokers ("Method handle type codes"). */
  readonly handleType: number;
  readonly kind: 'field' | 'method';
  readonly fieldOrMethodIdx: number;
}

/**
 * Every field and method of every class, decoded once from class_data_item into flat typed arrays: the
 * form the code indexer walks without allocating an object per method. Class `c` owns methods
 * `methodStart[c] .. methodStart[c+1]-1`, of which the first `directCount[c]` are direct methods.
 */
export interface MemberTable {
  readonly methodStart: Uint32Array;
  readonly directCount: Uint32Array;
  readonly methodIdx: Uint32Array;
  readonly methodFlags: Uint32Array;
  readonly codeOff: Uint32Array;
  readonly fieldStart: Uint32Array;
  readonly staticFieldCount: Uint32Array;
  readonly fieldIdx: Uint32Array;
  readonly fieldFlags: Uint32Array;
  /** Classes whose class_data_item could not be read, with the reason; their member ranges are empty. */
  readonly errors: ReadonlyMap<number, DfslabError>;
}

// map_list item type codes ("Type codes").
export const TYPE_CALL_SITE_ID_ITEM = 0x0007;
export const TYPE_METHOD_HANDLE_ITEM = 0x0008;

const HEADER_SIZE = 0x70;
const CONTAINER_HEADER_SIZE = 0x78;
const ENDIAN_CONSTANT = 0x12345678;
const REVERSE_ENDIAN_CONSTANT = 0x78563412;
const MIN_VERSION = 35;
const MAX_VERSION = 41;
const CONTAINER_VERSION = 41;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function structureError(label: string, message: string, offset: number): FormatError {
  return new FormatError(
    ErrorCodes.DEX_BAD_STRUCTURE,
    `${message}; the DEX file is damaged or crafted to defeat analysis (compare with \`dexdump -f\`)`,
    { offset, path: label },
  );
}

/** True when `bytes` starts with a DEX magic "dex\n" + three digits + NUL (any version). */
export function isDex(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 8 &&
    bytes[0] === 0x64 && bytes[1] === 0x65 && bytes[2] === 0x78 && bytes[3] === 0x0a &&
    isDigit(bytes[4]!) && isDigit(bytes[5]!) && isDigit(bytes[6]!) && bytes[7] === 0
  );
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/** "Lcom/example/Foo;->bar(I)V", the form smali and most tools print. */
export function formatMethodRef(m: MethodRef): string {
  return `${m.classType}->${m.name}${m.descriptor}`;
}

/** "Lcom/example/Foo;->bar:I". */
export function formatFieldRef(f: FieldRef): string {
  return `${f.classType}->${f.name}:${f.type}`;
}

export interface DexParseOptions {
  /** Name of the entry the bytes came from, e.g. "classes2.dex"; used in errors and results. */
  label?: string;
  /** DEX 041 containers: offset of the part's header (0 for the first part). */
  headerOffset?: number;
}

export class DexFile {
  readonly bytes: Uint8Array;
  /**
   * The whole file as 16-bit little-endian code units (index = byte offset / 2). Instructions are read
   * straight from here: a code_item's insns start at an even offset because code items are 4-aligned.
   */
  readonly units: Uint16Array;
  readonly label: string;
  readonly version: number;
  readonly headerOffset: number;
  readonly fileSize: number;
  /** DEX 041: size of the whole container; otherwise equal to `fileSize`. */
  readonly containerSize: number;
  readonly checksum: number;
  readonly mapItems: readonly MapItem[];

  readonly stringCount: number;
  readonly typeCount: number;
  readonly protoCount: number;
  readonly fieldCount: number;
  readonly methodCount: number;
  readonly classDefCount: number;

  private readonly view: DataView;
  /** The same bytes as a Buffer, for its native ASCII decoding (no copy). */
  private readonly latin1: Buffer;
  private readonly stringDataOff: Uint32Array;
  private readonly typeDescriptorIdx: Uint32Array;
  private readonly protoShortyIdx: Uint32Array;
  private readonly protoReturnTypeIdx: Uint32Array;
  private readonly protoParamsOff: Uint32Array;
  /** field_ids / method_ids: class_idx, type_idx or proto_idx, name_idx. */
  private readonly fieldClassIdx: Uint16Array;
  private readonly fieldTypeIdx: Uint16Array;
  private readonly fieldNameIdx: Uint32Array;
  readonly methodClassIdx: Uint16Array;
  readonly methodProtoIdx: Uint16Array;
  readonly methodNameIdx: Uint32Array;
  /** class_def_item, 8 uints per class. */
  private readonly classDefWords: Uint32Array;
  private readonly callSiteIdsOff: number;
  private readonly callSiteCount: number;
  private readonly methodHandlesOff: number;
  private readonly methodHandleCount: number;

  private readonly stringCache: (string | undefined)[];
  private readonly typeCache: (string | undefined)[];
  private readonly protoCache: (ProtoRef | undefined)[];
  private readonly methodCache: (MethodRef | undefined)[];
  private readonly fieldCache: (FieldRef | undefined)[];
  private readonly typeListCache = new Map<number, readonly string[]>();
  private classDefList: ClassDef[] | undefined;
  private memberTable: MemberTable | undefined;
  /** Remaining bytes that lazy decoders may still scan (see module comment). */
  private workBudget: number;

  private constructor(bytes: Uint8Array, label: string, headerOffset: number) {
    this.bytes = bytes;
    this.label = label;
    this.headerOffset = headerOffset;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.units = HOST_IS_LITTLE_ENDIAN
      ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 1)
      : Uint16Array.from({ length: bytes.length >>> 1 }, (_, i) => bytes[2 * i]! | (bytes[2 * i + 1]! << 8));
    this.workBudget = 16 * bytes.length + (4 << 20);

    const h = headerOffset;
    const len = bytes.length;
    if (!(h >= 0 && h + 8 <= len) || !isDex(bytes.subarray(h, h + 8))) {
      throw new FormatError(
        ErrorCodes.DEX_BAD_MAGIC,
        'not a DEX file: it does not start with the "dex\\n0NN\\0" magic; check that the right entry was extracted',
        { offset: h, path: label },
      );
    }
    const version = (bytes[h + 4]! - 0x30) * 100 + (bytes[h + 5]! - 0x30) * 10 + (bytes[h + 6]! - 0x30);
    if (version < MIN_VERSION || version > MAX_VERSION) {
      throw new FormatError(
        ErrorCodes.DEX_BAD_MAGIC,
        `unsupported DEX version ${String(version).padStart(3, '0')} (dfslab reads 035 to 041); if this is a newer Android release, please report it`,
        { offset: h + 4, path: label },
      );
    }
    this.version = version;
    const minHeader = version >= CONTAINER_VERSION ? CONTAINER_HEADER_SIZE : HEADER_SIZE;
    if (h + minHeader > len) {
      throw structureError(label, `the DEX header needs ${minHeader} bytes but only ${len - h} remain`, h);
    }
    const u32 = (o: number): number => this.view.getUint32(h + o, true);
    const endian = u32(40);
    if (endian !== ENDIAN_CONSTANT) {
      throw structureError(
        label,
        endian === REVERSE_ENDIAN_CONSTANT
          ? 'byte-swapped (big-endian) DEX files are not supported'
          : `endian_tag is 0x${endian.toString(16)} instead of 0x12345678`,
        h + 40,
      );
    }
    this.checksum = u32(8);
    this.fileSize = u32(32);
    const headerSize = u32(36);
    if (headerSize < minHeader) {
      throw structureError(label, `header_size ${headerSize} is smaller than the ${minHeader} bytes of a DEX ${version} header`, h + 36);
    }
    if (version >= CONTAINER_VERSION) {
      this.containerSize = u32(112);
      const declaredHeaderOffset = u32(116);
      if (declaredHeaderOffset !== h) {
        throw structureError(label, `header_offset says ${declaredHeaderOffset} but the header is at ${h}`, h + 116);
      }
      if (this.containerSize > len) {
        throw structureError(label, `container_size says ${this.containerSize} bytes but only ${len} are present (truncated file)`, h + 112);
      }
      if (h + this.fileSize > this.containerSize) {
        throw structureError(label, `file_size ${this.fileSize} runs past the end of the container`, h + 32);
      }
    } else {
      this.containerSize = this.fileSize;
      if (this.fileSize > len) {
        throw structureError(label, `file_size says ${this.fileSize} bytes but only ${len} are present (truncated file)`, h + 32);
      }
    }

    // Id tables. In a 041 container every offset counts from the start of the container, which is the
    // start of `bytes` here (the parts share their data section).
    const table = (sizeAt: number, entrySize: number, name: string): [number, number] => {
      const count = u32(sizeAt);
      const off = u32(sizeAt + 4);
      if (count === 0) return [0, 0];
      if (off + count * entrySize > len) {
        throw structureError(label, `${name} (${count} entries at offset ${off}) runs past the end of the file`, h + sizeAt);
      }
      return [count, off];
    };
    const [stringCount, stringIdsOff] = table(56, 4, 'string_ids');
    const [typeCount, typeIdsOff] = table(64, 4, 'type_ids');
    const [protoCount, protoIdsOff] = table(72, 12, 'proto_ids');
    const [fieldCount, fieldIdsOff] = table(80, 8, 'field_ids');
    const [methodCount, methodIdsOff] = table(88, 8, 'method_ids');
    const [classDefCount, classDefsOff] = table(96, 32, 'class_defs');
    if (typeCount > 0x10000 || protoCount > 0x10000) {
      // Type and proto indices are 16-bit wherever they are used ("Type indices ... 65535").
      throw structureError(label, `type_ids (${typeCount}) or proto_ids (${protoCount}) exceed 65536 entries`, h + 64);
    }
    this.stringCount = stringCount;
    this.typeCount = typeCount;
    this.protoCount = protoCount;
    this.fieldCount = fieldCount;
    this.methodCount = methodCount;
    this.classDefCount = classDefCount;

    const v = this.view;
    this.stringDataOff = new Uint32Array(stringCount);
    for (let i = 0; i < stringCount; i++) this.stringDataOff[i] = v.getUint32(stringIdsOff + 4 * i, true);
    this.typeDescriptorIdx = new Uint32Array(typeCount);
    for (let i = 0; i < typeCount; i++) this.typeDescriptorIdx[i] = v.getUint32(typeIdsOff + 4 * i, true);
    this.protoShortyIdx = new Uint32Array(protoCount);
    this.protoReturnTypeIdx = new Uint32Array(protoCount);
    this.protoParamsOff = new Uint32Array(protoCount);
    for (let i = 0, o = protoIdsOff; i < protoCount; i++, o += 12) {
      this.protoShortyIdx[i] = v.getUint32(o, true);
      this.protoReturnTypeIdx[i] = v.getUint32(o + 4, true);
      this.protoParamsOff[i] = v.getUint32(o + 8, true);
    }
    this.fieldClassIdx = new Uint16Array(fieldCount);
    this.fieldTypeIdx = new Uint16Array(fieldCount);
    this.fieldNameIdx = new Uint32Array(fieldCount);
    for (let i = 0, o = fieldIdsOff; i < fieldCount; i++, o += 8) {
      this.fieldClassIdx[i] = v.getUint16(o, true);
      this.fieldTypeIdx[i] = v.getUint16(o + 2, true);
      this.fieldNameIdx[i] = v.getUint32(o + 4, true);
    }
    this.methodClassIdx = new Uint16Array(methodCount);
    this.methodProtoIdx = new Uint16Array(methodCount);
    this.methodNameIdx = new Uint32Array(methodCount);
    for (let i = 0, o = methodIdsOff; i < methodCount; i++, o += 8) {
      this.methodClassIdx[i] = v.getUint16(o, true);
      this.methodProtoIdx[i] = v.getUint16(o + 2, true);
      this.methodNameIdx[i] = v.getUint32(o + 4, true);
    }
    this.classDefWords = new Uint32Array(classDefCount * 8);
    for (let i = 0; i < classDefCount * 8; i++) this.classDefWords[i] = v.getUint32(classDefsOff + 4 * i, true);

    // map_list: needed for the call_site_ids and method_handles sections, which the header does not locate.
    const mapOff = u32(52);
    const items: MapItem[] = [];
    let callSiteIdsOff = 0, callSiteCount = 0, methodHandlesOff = 0, methodHandleCount = 0;
    if (mapOff !== 0) {
      if (mapOff + 4 > len) throw structureError(label, `map_off ${mapOff} is past the end of the file`, h + 52);
      const n = v.getUint32(mapOff, true);
      if (mapOff + 4 + n * 12 > len) {
        throw structureError(label, `map_list of ${n} items at ${mapOff} runs past the end of the file`, mapOff);
      }
      for (let i = 0, o = mapOff + 4; i < n; i++, o += 12) {
        const item = { type: v.getUint16(o, true), size: v.getUint32(o + 4, true), offset: v.getUint32(o + 8, true) };
        items.push(item);
        if (item.type === TYPE_CALL_SITE_ID_ITEM) {
          if (item.offset + item.size * 4 > len) throw structureError(label, 'call_site_ids run past the end of the file', o);
          callSiteIdsOff = item.offset;
          callSiteCount = item.size;
        } else if (item.type === TYPE_METHOD_HANDLE_ITEM) {
          if (item.offset + item.size * 8 > len) throw structureError(label, 'method_handles run past the end of the file', o);
          methodHandlesOff = item.offset;
          methodHandleCount = item.size;
        }
      }
    }
    this.mapItems = items;
    this.callSiteIdsOff = callSiteIdsOff;
    this.callSiteCount = callSiteCount;
    this.methodHandlesOff = methodHandlesOff;
    this.methodHandleCount = methodHandleCount;

    this.stringCache = new Array<string | undefined>(stringCount);
    this.typeCache = new Array<string | undefined>(typeCount);
    this.protoCache = new Array<ProtoRef | undefined>(protoCount);
    this.methodCache = new Array<MethodRef | undefined>(methodCount);
    this.fieldCache = new Array<FieldRef | undefined>(fieldCount);
  }

  /**
   * Parses one DEX file (for a 041 container: the part whose header is at `opts.headerOffset`, default the
   * first). Throws `FormatError` (DEX_BAD_MAGIC / DEX_BAD_STRUCTURE) when the header or id tables are bad.
   */
  /**
   * Index of `s` in string_ids, or undefined when absent. string_ids is sorted by UTF-16 code units (DEX
   * format "string_ids"; ART's verifier rejects a file where it is not), so this is a binary search; in an
   * unsorted (never installable) file it may miss a string. Unreadable strings end the search.
   */
  findString(s: string): number | undefined {
    let lo = 0;
    let hi = this.stringCount - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      let v: string;
      try {
        v = this.string(mid);
      } catch {
        return undefined;
      }
      if (v === s) return mid;
      if (v < s) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  static parse(bytes: Uint8Array, opts: DexParseOptions = {}): DexFile {
    return new DexFile(alignedCopyIfNeeded(bytes), opts.label ?? 'classes.dex', opts.headerOffset ?? 0);
  }

  /**
   * Parses every part of a DEX 041 container (one DexFile per part, labelled "name", "name#1", ...); for
   * older versions, the single file. Parts are found by chaining file_size from the first header.
   */
  static parseAll(bytes: Uint8Array, opts: { label?: string } = {}): DexFile[] {
    const data = alignedCopyIfNeeded(bytes);
    const label = opts.label ?? 'classes.dex';
    const first = new DexFile(data, label, 0);
    const parts = [first];
    if (first.version < CONTAINER_VERSION) return parts;
    let offset = first.fileSize;
    while (offset < first.containerSize) {
      if (first.fileSize === 0 || offset % 4 !== 0 || parts.length >= 0x10000) {
        throw structureError(label, `cannot find DEX part ${parts.length} of the container at offset ${offset}`, offset);
      }
      const part = new DexFile(data, `${label}#${parts.length}`, offset);
      if (part.fileSize === 0) throw structureError(label, 'a container part declares file_size 0', offset + 32);
      parts.push(part);
      offset += part.fileSize;
    }
    return parts;
  }

  /** Charges `n` bytes of lazy decoding against the work budget (see module comment). */
  private spend(n: number, offset: number): void {
    this.workBudget -= n;
    if (this.workBudget < 0) {
      throw structureError(this.label, 'DEX data items overlap far more than any valid file allows', offset);
    }
  }

  private fail(message: string, offset: number): never {
    throw structureError(this.label, message, offset);
  }

  /** Reads a uleb128 at `pos` (bounded by `limit`); result in `lebValue`, next position in `lebPos`. */
  private lebValue = 0;
  private lebPos = 0;
  private readUleb(pos: number, limit: number): void {
    const b = this.bytes;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      if (pos >= limit) this.fail('a uleb128 value runs past the end of the data', pos);
      const x = b[pos++]!;
      result |= (x & 0x7f) << shift;
      if ((x & 0x80) === 0) {
        this.lebValue = result >>> 0;
        this.lebPos = pos;
        return;
      }
      shift += 7;
    }
    this.fail('a uleb128 value is longer than 5 bytes', pos - 5);
  }

  // ---------------------------------------------------------------- id resolution

  string(i: number): string {
    const cached = this.stringCache[i];
    if (cached !== undefined) return cached;
    if (!(i >= 0 && i < this.stringCount)) this.fail(`string index ${i} is out of range (${this.stringCount} strings)`, 0);
    const off = this.stringDataOff[i]!;
    const len = this.bytes.length;
    if (off >= len) this.fail(`string_data_off ${off} of string ${i} is past the end of the file`, off);
    this.readUleb(off, len);
    const start = this.lebPos;
    // utf16_size bounds the encoded length: no UTF-16 unit takes more than 3 bytes in MUTF-8.
    const limit = Math.min(len, start + 3 * this.lebValue);
    // Most DEX strings are ASCII (descriptors, names): decode those in one native call.
    const b = this.bytes;
    let end = start;
    while (end < limit && b[end]! !== 0 && b[end]! < 0x80) end++;
    let s: string;
    if (end === limit || b[end] === 0) {
      this.spend(end - start + 1, off);
      s = this.latin1.toString('latin1', start, end);
    } else {
      this.spend(limit - start + 1, off);
      s = decodeMutf8(b, start, limit);
    }
    this.stringCache[i] = s;
    return s;
  }

  /**
   * The raw MUTF-8 bytes of string `i` up to its NUL (a view, no decoding), for hot paths that only
   * need to look at ASCII characters, e.g. a shorty. Same bounds and work budget as `string`.
   */
  stringBytes(i: number): Uint8Array {
    if (!(i >= 0 && i < this.stringCount)) this.fail(`string index ${i} is out of range (${this.stringCount} strings)`, 0);
    const off = this.stringDataOff[i]!;
    const len = this.bytes.length;
    if (off >= len) this.fail(`string_data_off ${off} of string ${i} is past the end of the file`, off);
    this.readUleb(off, len);
    const start = this.lebPos;
    const limit = Math.min(len, start + 3 * this.lebValue);
    let end = start;
    while (end < limit && this.bytes[end] !== 0) end++;
    this.spend(end - start + 1, off);
    return this.bytes.subarray(start, end);
  }

  /** String index of the shorty of proto `i`. */
  protoShorty(i: number): number {
    if (!(i >= 0 && i < this.protoCount)) this.fail(`proto index ${i} is out of range (${this.protoCount} protos)`, 0);
    return this.protoShortyIdx[i]!;
  }

  typeName(i: number): string {
    const cached = this.typeCache[i];
    if (cached !== undefined) return cached;
    if (!(i >= 0 && i < this.typeCount)) this.fail(`type index ${i} is out of range (${this.typeCount} types)`, 0);
    const s = this.string(this.typeDescriptorIdx[i]!);
    this.typeCache[i] = s;
    return s;
  }

  /** type_list at `off` (interfaces, proto parameters), as type descriptors. */
  typeList(off: number): readonly string[] {
    if (off === 0) return EMPTY;
    const cached = this.typeListCache.get(off);
    if (cached) return cached;
    const len = this.bytes.length;
    if (off + 4 > len || off % 2 !== 0) this.fail(`type_list offset ${off} is invalid`, off);
    const n = this.view.getUint32(off, true);
    if (off + 4 + n * 2 > len) this.fail(`type_list of ${n} entries at ${off} runs past the end of the file`, off);
    this.spend(4 + n * 2, off);
    const out = new Array<string>(n);
    for (let k = 0; k < n; k++) out[k] = this.typeName(this.view.getUint16(off + 4 + 2 * k, true));
    this.typeListCache.set(off, out);
    return out;
  }

  proto(i: number): ProtoRef {
    const cached = this.protoCache[i];
    if (cached !== undefined) return cached;
    if (!(i >= 0 && i < this.protoCount)) this.fail(`proto index ${i} is out of range (${this.protoCount} protos)`, 0);
    const shorty = this.string(this.protoShortyIdx[i]!);
    const returnType = this.typeName(this.protoReturnTypeIdx[i]!);
    const params = this.typeList(this.protoParamsOff[i]!);
    const p: ProtoRef = { shorty, returnType, params, descriptor: `(${params.join('')})${returnType}` };
    this.protoCache[i] = p;
    return p;
  }

  methodRef(i: number): MethodRef {
    const cached = this.methodCache[i];
    if (cached !== undefined) return cached;
    if (!(i >= 0 && i < this.methodCount)) this.fail(`method index ${i} is out of range (${this.methodCount} methods)`, 0);
    const proto = this.proto(this.methodProtoIdx[i]!);
    const m: MethodRef = {
      classType: this.typeName(this.methodClassIdx[i]!),
      name: this.string(this.methodNameIdx[i]!),
      proto,
      descriptor: proto.descriptor,
    };
    this.methodCache[i] = m;
    return m;
  }

  fieldRef(i: number): FieldRef {
    const cached = this.fieldCache[i];
    if (cached !== undefined) return cached;
    if (!(i >= 0 && i < this.fieldCount)) this.fail(`field index ${i} is out of range (${this.fieldCount} fields)`, 0);
    const f: FieldRef = {
      classType: this.typeName(this.fieldClassIdx[i]!),
      name: this.string(this.fieldNameIdx[i]!),
      type: this.typeName(this.fieldTypeIdx[i]!),
    };
    this.fieldCache[i] = f;
    return f;
  }

  /** The method_handle_item at index `i` (DEX 038+). */
  methodHandle(i: number): MethodHandleRef {
    if (!(i >= 0 && i < this.methodHandleCount)) this.fail(`method handle index ${i} is out of range`, 0);
    const o = this.methodHandlesOff + 8 * i;
    const handleType = this.view.getUint16(o, true);
    return { handleType, kind: handleType <= 3 ? 'field' : 'method', fieldOrMethodIdx: this.view.getUint16(o + 4, true) };
  }

  /** Number of call_site_id_items (DEX 038+); `callSiteOffset(i)` locates each one's encoded_array. */
  get callSiteIdCount(): number {
    return this.callSiteCount;
  }

  callSiteOffset(i: number): number {
    if (!(i >= 0 && i < this.callSiteCount)) this.fail(`call site index ${i} is out of range`, 0);
    return this.view.getUint32(this.callSiteIdsOff + 4 * i, true);
  }

  get methodHandleIdCount(): number {
    return this.methodHandleCount;
  }

  // ---------------------------------------------------------------- classes

  get classDefs(): readonly ClassDef[] {
    if (!this.classDefList) {
      const list: ClassDef[] = [];
      for (let i = 0; i < this.classDefCount; i++) list.push(new LazyClassDef(this, i, this.classDefWords));
      this.classDefList = list;
    }
    return this.classDefList;
  }

  /** Type index of class_defs[i] without building the ClassDef object. */
  classDefTypeIdx(i: number): number {
    return this.classDefWords[8 * i]!;
  }

  /** The decoded class_data_item of `def`; throws the reason when it could not be read. */
  classData(def: ClassDef): ClassData {
    const t = this.members();
    const c = def.index;
    const err = t.errors.get(c);
    if (err) throw err;
    const fields = (from: number, to: number): EncodedField[] => {
      const out: EncodedField[] = [];
      for (let k = from; k < to; k++) out.push({ fieldIdx: t.fieldIdx[k]!, accessFlags: t.fieldFlags[k]! });
      return out;
    };
    const methods = (from: number, to: number): EncodedMethod[] => {
      const out: EncodedMethod[] = [];
      for (let k = from; k < to; k++) {
        out.push({ methodIdx: t.methodIdx[k]!, accessFlags: t.methodFlags[k]!, codeOff: t.codeOff[k]! });
      }
      return out;
    };
    const f0 = t.fieldStart[c]!, fs = f0 + t.staticFieldCount[c]!, f1 = t.fieldStart[c + 1]!;
    const m0 = t.methodStart[c]!, md = m0 + t.directCount[c]!, m1 = t.methodStart[c + 1]!;
    return {
      staticFields: fields(f0, fs),
      instanceFields: fields(fs, f1),
      directMethods: methods(m0, md),
      virtualMethods: methods(md, m1),
    };
  }

  /** All class data of the file in flat arrays (built on first call; a bad class is recorded, not thrown). */
  members(): MemberTable {
    if (this.memberTable) return this.memberTable;
    const n = this.classDefCount;
    const methodStart = new Uint32Array(n + 1);
    const directCount = new Uint32Array(n);
    const fieldStart = new Uint32Array(n + 1);
    const staticFieldCount = new Uint32Array(n);
    let mIdx: Uint32Array = new Uint32Array(1024), mFlags: Uint32Array = new Uint32Array(1024);
    let mCode: Uint32Array = new Uint32Array(1024);
    let fIdx: Uint32Array = new Uint32Array(1024), fFlags: Uint32Array = new Uint32Array(1024);
    let mLen = 0, fLen = 0;
    const errors = new Map<number, DfslabError>();
    const len = this.bytes.length;
    for (let c = 0; c < n; c++) {
      methodStart[c] = mLen;
      fieldStart[c] = fLen;
      const off = this.classDefWords[8 * c + 6]!;
      if (off === 0) continue;
      const mSave = mLen, fSave = fLen;
      try {
        if (off >= len) this.fail(`class_data_off ${off} of class ${c} is past the end of the file`, off);
        const start = off;
        this.readUleb(off, len);
        const sf = this.lebValue;
        this.readUleb(this.lebPos, len);
        const inf = this.lebValue;
        this.readUleb(this.lebPos, len);
        const dm = this.lebValue;
        this.readUleb(this.lebPos, len);
        const vm = this.lebValue;
        let pos = this.lebPos;
        // Each encoded field takes at least 2 bytes and each method 3: counts beyond that are lies.
        if ((sf + inf) * 2 + (dm + vm) * 3 > len - pos) {
          this.fail(`class_data_item of class ${c} declares more members than the file can hold`, off);
        }
        if (fLen + sf + inf > fIdx.length) {
          const cap = Math.max(fIdx.length * 2, fLen + sf + inf);
          fIdx = grow32(fIdx, cap);
          fFlags = grow32(fFlags, cap);
        }
        if (mLen + dm + vm > mIdx.length) {
          const cap = Math.max(mIdx.length * 2, mLen + dm + vm);
          mIdx = grow32(mIdx, cap);
          mFlags = grow32(mFlags, cap);
          mCode = grow32(mCode, cap);
        }
        for (let list = 0; list < 2; list++) {
          const count = list === 0 ? sf : inf;
          let idx = 0;
          for (let k = 0; k < count; k++) {
            this.readUleb(pos, len);
            idx = k === 0 ? this.lebValue : idx + this.lebValue;
            this.readUleb(this.lebPos, len);
            pos = this.lebPos;
            if (idx >= this.fieldCount) this.fail(`class ${c} lists field index ${idx} (only ${this.fieldCount})`, pos);
            fIdx[fLen] = idx;
            fFlags[fLen++] = this.lebValue;
          }
        }
        for (let list = 0; list < 2; list++) {
          const count = list === 0 ? dm : vm;
          let idx = 0;
          for (let k = 0; k < count; k++) {
            this.readUleb(pos, len);
            idx = k === 0 ? this.lebValue : idx + this.lebValue;
            this.readUleb(this.lebPos, len);
            const flags = this.lebValue;
            this.readUleb(this.lebPos, len);
            pos = this.lebPos;
            if (idx >= this.methodCount) this.fail(`class ${c} lists method index ${idx} (only ${this.methodCount})`, pos);
            mIdx[mLen] = idx;
            mFlags[mLen] = flags;
            mCode[mLen++] = this.lebValue;
          }
        }
        this.spend(pos - start, start);
        staticFieldCount[c] = sf;
        directCount[c] = dm;
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        errors.set(c, e);
        mLen = mSave;
        fLen = fSave;
        staticFieldCount[c] = 0;
        directCount[c] = 0;
      }
    }
    methodStart[n] = mLen;
    fieldStart[n] = fLen;
    this.memberTable = {
      methodStart,
      directCount,
      methodIdx: mIdx.subarray(0, mLen),
      methodFlags: mFlags.subarray(0, mLen),
      codeOff: mCode.subarray(0, mLen),
      fieldStart,
      staticFieldCount,
      fieldIdx: fIdx.subarray(0, fLen),
      fieldFlags: fFlags.subarray(0, fLen),
      errors,
    };
    return this.memberTable;
  }

  // ---------------------------------------------------------------- code

  /** Results of the last `locateCode` call (out-parameters, so the hot path allocates nothing). */
  codeRegisters = 0;
  codeIns = 0;
  codeOuts = 0;
  codeTries = 0;
  /** Range of the instructions, as indices into `units`. */
  codeInsnsStart = 0;
  codeInsnsEnd = 0;

  /**
   * Checks the code_item header at `codeOff` ("code_item" in the format spec) and sets the `code*`
   * fields above. Used by the indexer's hot loop; `codeItem` is the friendly form.
   */
  locateCode(codeOff: number): void {
    const len = this.bytes.length;
    if (codeOff % 2 !== 0 || codeOff + 16 > len) this.fail(`code_off ${codeOff} is misaligned or past the end of the file`, codeOff);
    const u = this.units;
    const w = codeOff >>> 1;
    const registers = u[w]!;
    const ins = u[w + 1]!;
    if (ins > registers) this.fail(`code_item declares ${ins} argument registers but only ${registers} registers`, codeOff);
    const insnsSize = u[w + 6]! + u[w + 7]! * 0x10000;
    if (codeOff + 16 + insnsSize * 2 > len) {
      this.fail(`code_item insns (${insnsSize} code units) run past the end of the file`, codeOff + 12);
    }
    this.codeRegisters = registers;
    this.codeIns = ins;
    this.codeOuts = u[w + 2]!;
    this.codeTries = u[w + 3]!;
    this.codeInsnsStart = w + 8;
    this.codeInsnsEnd = w + 8 + insnsSize;
  }

  codeItem(codeOff: number): CodeItem {
    this.locateCode(codeOff);
    const registersSize = this.codeRegisters, insSize = this.codeIns, outsSize = this.codeOuts;
    const triesSize = this.codeTries, start = this.codeInsnsStart, end = this.codeInsnsEnd;
    const insns = this.units.subarray(start, end);
    const tries: TryItem[] = [];
    if (triesSize > 0) {
      const len = this.bytes.length;
      // try_items follow the insns, 4-aligned (two bytes of padding when insns_size is odd).
      const triesOff = end * 2 + ((end - start) % 2 === 1 ? 2 : 0);
      const handlersOff = triesOff + triesSize * 8;
      if (handlersOff > len) this.fail('try_items run past the end of the file', triesOff);
      this.spend(triesSize * 8, triesOff);
      for (let t = 0; t < triesSize; t++) {
        const o = triesOff + 8 * t;
        const startAddr = this.view.getUint32(o, true);
        const insnCount = this.view.getUint16(o + 4, true);
        const handlerOff = this.view.getUint16(o + 6, true);
        tries.push({ startAddr, insnCount, handlers: this.catchHandlers(handlersOff + handlerOff) });
      }
    }
    return { offset: codeOff, registersSize, insSize, outsSize, debugInfoOff: this.view.getUint32(codeOff + 8, true), insns, insnsUnitOffset: start, tries };
  }

  /** encoded_catch_handler at `off`: sleb128 size (≤ 0 means a catch-all follows), pairs of uleb128. */
  private catchHandlers(off: number): CatchHandler[] {
    const len = this.bytes.length;
    if (off >= len) this.fail('encoded_catch_handler offset is past the end of the file', off);
    const size = readSleb(this.bytes, off, len, this.label);
    let pos = sleb.pos;
    const count = Math.abs(size);
    if (count * 2 > len - pos) this.fail(`encoded_catch_handler declares ${count} handlers`, off);
    this.spend(count * 2 + 1, off);
    const out: CatchHandler[] = [];
    for (let k = 0; k < count; k++) {
      this.readUleb(pos, len);
      const typeIdx = this.lebValue;
      this.readUleb(this.lebPos, len);
      pos = this.lebPos;
      // read the address before typeName(): decoding the type's string reuses the shared LEB128 state
      const addr = this.lebValue;
      out.push({ type: this.typeName(typeIdx), addr });
    }
    if (size <= 0) {
      this.readUleb(pos, len);
      out.push({ type: undefined, addr: this.lebValue });
    }
    return out;
  }
}

export interface DexEntryFailure {
  name: string;
  error: DfslabError;
}

/**
 * Parses the DEX entries of one app (classes.dex, classes2.dex, ... in that order), every part of a 041
 * container included. A broken entry is reported in `failures` and the others are still returned, so a
 * single damaged DEX does not hide the code of the rest of the app.
 */
export function parseDexEntries(entries: readonly { name: string; bytes: Uint8Array }[]): {
  dexes: DexFile[];
  failures: DexEntryFailure[];
} {
  const dexes: DexFile[] = [];
  const failures: DexEntryFailure[] = [];
  for (const { name, bytes } of entries) {
    try {
      dexes.push(...DexFile.parseAll(bytes, { label: name }));
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      failures.push({ name, error: e });
    }
  }
  return { dexes, failures };
}

const EMPTY: readonly string[] = Object.freeze([]);

/** Position after the last sleb128 read by readSleb (module-level to avoid allocating a result object). */
const sleb = { pos: 0 };

function readSleb(bytes: Uint8Array, pos: number, limit: number, label: string): number {
  let result = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    if (pos >= limit) throw structureError(label, 'a sleb128 value runs past the end of the data', pos);
    const b = bytes[pos++]!;
    result |= (b & 0x7f) << shift;
    shift += 7;
    if ((b & 0x80) === 0) {
      if (shift < 32 && (b & 0x40) !== 0) result |= -1 << shift;
      sleb.pos = pos;
      return result | 0;
    }
  }
  throw structureError(label, 'a sleb128 value is longer than 5 bytes', pos - 5);
}

function grow32(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}

/**
 * Code units are read through a Uint16Array over the file, which needs an even byteOffset; a buffer
 * sliced from a larger one may not have it, so copy once in that case.
 */
function alignedCopyIfNeeded(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
}

class LazyClassDef implements ClassDef {
  readonly index: number;
  readonly classIdx: number;
  readonly accessFlags: number;
  readonly superclassIdx: number;
  readonly interfacesOff: number;
  readonly sourceFileIdx: number;
  readonly annotationsOff: number;
  readonly classDataOff: number;
  readonly staticValuesOff: number;
  private readonly dex: DexFile;

  constructor(dex: DexFile, index: number, words: Uint32Array) {
    const b = 8 * index;
    this.dex = dex;
    this.index = index;
    this.classIdx = words[b]!;
    this.accessFlags = words[b + 1]!;
    this.superclassIdx = words[b + 2]!;
    this.interfacesOff = words[b + 3]!;
    this.sourceFileIdx = words[b + 4]!;
    this.annotationsOff = words[b + 5]!;
    this.classDataOff = words[b + 6]!;
    this.staticValuesOff = words[b + 7]!;
  }

  get classType(): string {
    return this.dex.typeName(this.classIdx);
  }

  get superclass(): string | undefined {
    return this.superclassIdx === NO_INDEX ? undefined : this.dex.typeName(this.superclassIdx);
  }

  get interfaces(): readonly string[] {
    return this.dex.typeList(this.interfacesOff);
  }

  get sourceFile(): string | undefined {
    return this.sourceFileIdx === NO_INDEX ? undefined : this.dex.string(this.sourceFileIdx);
  }
}
