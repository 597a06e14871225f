package dev.gatun.bench;

import dev.gatun.backend.Backend;
import dev.gatun.backend.onednn.OneDnnInfo;
import dev.gatun.backend.openblas.OpenBlasInfo;

/** The one line a benchmark prints at setup: what ran underneath, for the result files. */
final class BenchInfo {
    private BenchInfo() {}

    static void print(Backend backend, int threads) {
        System.out.println("# backend " + backend.name() + " (" + backend.describe() + "); OpenBLAS core "
                + OpenBlasInfo.coreName() + "; oneDNN ISA " + OneDnnInfo.isa() + " (bf16 instructions: "
                + (OneDnnInfo.hasBf16Instructions() ? "yes" : "no") + "); threads " + threads);
    }
}
