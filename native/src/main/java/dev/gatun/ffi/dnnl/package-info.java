/**
 * Bindings to oneDNN's C API in jextract's shape ({@link dev.gatun.ffi.dnnl.Dnnl} for functions,
 * {@link dev.gatun.ffi.dnnl.DnnlTypes} for constants and struct layouts), the process-wide CPU engine
 * ({@link dev.gatun.ffi.dnnl.DnnlEngine}), and {@link dev.gatun.ffi.dnnl.DnnlException}, which every
 * status other than success becomes, naming the call and its arguments.
 */
package dev.gatun.ffi.dnnl;
