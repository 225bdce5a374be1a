/**
 * @module formats/elf
 * ELF reader for the native libraries inside APKs (`lib/<abi>/*.so`): header, hardening flags, dynamic
 * dependencies and symbols, and the printable strings of the data sections.
 */
export { isElf, parseElf, type ElfAnomaly, type ElfAnomalyKind, type ElfInfo } from './elf.js';
export { readRodataStrings } from './strings.js';
