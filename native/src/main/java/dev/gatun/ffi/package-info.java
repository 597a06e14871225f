/**
 * Loading the native libraries Gatun calls (OpenBLAS, oneDNN, GNU OpenMP) through FFM:
 * {@link dev.gatun.ffi.NativeLibrary} finds each once, lazily (an override path, else the copy in the
 * bundled bytedeco jar, extracted to a per-user cache), checks it before {@code dlopen} sees it (cache
 * files against their recorded sizes and CRC-32s, an override as a whole ELF file) and after (every
 * bound symbol, the version), and on Linux loads it isolated from other copies in the process; a
 * library that cannot load gives a {@link dev.gatun.ffi.NativeLibraryUnavailableException} with the
 * reason, never a crash.
 * {@link dev.gatun.ffi.CSignature} records the C declaration each binding method was written from.
 */
package dev.gatun.ffi;
