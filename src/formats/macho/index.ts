/**
 * @module formats/macho
 * Mach-O reader for the binaries of an IPA: fat/thin headers, load commands, linked libraries, symbols,
 * encryption and minimum-OS info, the code signature superblob, on-demand string sections and Swift type names.
 */
export {
  cpuName,
  isMachO,
  readMachOFile,
  type DylibKind,
  type MachOAnomaly,
  type MachODylib,
  type MachOFile,
  type MachOLoadCommand,
  type MachOSection,
  type MachOSegment,
  type MachOSlice,
  type ReadMachOOptions,
} from './macho.js';
export { readCodeSignature, type CodeDirectoryInfo, type CodeSignature } from './code-signature.js';
export { cStrings, objcClassNames, objcSelectors, type CStringOptions } from './strings.js';
export { ARGUMENT_REGISTERS, Arm64Code, decodeBitmaskImmediate, type Arm64CallOptions, type Arm64CallSite } from './arm64.js';
export { importStubs, isArm64Slice, MachOCallIndex, type MachOCallSite, type MachOImportStub } from './calls.js';
export { demangleNominalType, demangleObjcClassName, swiftTypeNames, type SwiftTypeKind, type SwiftTypeName, type SwiftTypeOptions } from './swift.js';
