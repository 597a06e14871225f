/**
 * The {@code onednn} backend: {@link dev.gatun.backend.onednn.OneDnnBackend} dispatches each op to its
 * family's class (matmul, binary, eltwise, reduction, softmax, layer norm, reorder, convolution with
 * pooling and batch norm, recurrent), which decides whether oneDNN computes the call as the scalar
 * oracle does (otherwise the pure-Java fallback runs it), writes a typed key record that also reads
 * itself back, and runs the primitive through {@code PrimitiveCache.execute}, the one
 * lookup-lock-bind-execute loop over a bounded LRU of primitives made on a miss by
 * {@code PrimitiveBuilder}. Primitives run on the tensors' own memory; the data type is part of every
 * key, so a bf16 or int8 variant is a new key value, not a new code path.
 */
package dev.gatun.backend.onednn;
