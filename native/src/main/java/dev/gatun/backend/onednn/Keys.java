package dev.gatun.backend.onednn;

import dev.gatun.backend.onednn.PrimitiveKey.Op;

/**
 * The backend's key maker, given to every family class: the calling thread's probe reset for
 * {@code op}, with the OpenMP team sized (and written into the key) for an op of {@code work} units.
 */
interface Keys {
    PrimitiveKey key(Op op, long work);
}
