/**
 * Bindings to OpenBLAS's {@code cblas.h} in jextract's shape ({@link dev.gatun.ffi.openblas.Cblas}):
 * CBLAS levels 1 to 3 in float and double, plus OpenBLAS's threading and build-information calls.
 */
package dev.gatun.ffi.openblas;
