/**
 * GNU OpenMP, the runtime oneDNN is built against: {@link dev.gatun.ffi.gomp.Gomp} sizes oneDNN's
 * thread team, and {@link dev.gatun.ffi.gomp.GompEnvironment} sets how idle OpenMP threads wait before
 * the library loads.
 */
package dev.gatun.ffi.gomp;
