package dev.gatun.ops;

/** {@link EmptyOutputsTest} with the native backends on the class path: onednn and openblas too. */
class NativeEmptyOutputsTest extends EmptyOutputsTest {}
