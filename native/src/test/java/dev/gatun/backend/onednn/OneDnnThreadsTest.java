package dev.gatun.backend.onednn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.backend.Backends;
import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.ffi.NativeLibrary;
import dev.gatun.ffi.gomp.Gomp;
import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.testing.Close;
import dev.gatun.testing.RnnParity;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;

/** The OpenMP pool: small ops on one thread, large ones on all, idle workers waiting passively. */
class OneDnnThreadsTest {
    private static final OneDnnBackend ONEDNN = (OneDnnBackend) Backends.get("onednn");

    @Test
    void aSmallMatmulRunsOnOneThreadAndALargeOneOnAllWithTheSameResults() {
        assumeTrue(NativeLibrary.GOMP.isAvailable(), NativeLibrary.GOMP.failureReason());
        int before = ONEDNN.threads();
        ONEDNN.setThreads(2);
        try (Scope s = Scope.confined(); var u = Backends.using(ONEDNN)) {
            Rng rng = new Rng(7);
            Tensor a = Tensor.uniform(rng, -1f, 1f, 16, 64), b = Tensor.uniform(rng, -1f, 1f, 64, 64);
            Tensor small = Ops.matmul(a, b); // 16*64*64 multiply-adds: below SERIAL_WORK
            assertEquals(1, Gomp.omp_get_max_threads(), "team size after a small matmul");
            Tensor c = Tensor.uniform(rng, -1f, 1f, 128, 256), d = Tensor.uniform(rng, -1f, 1f, 256, 256);
            Tensor large = Ops.matmul(c, d);
            assertEquals(2, Gomp.omp_get_max_threads(), "team size after a large matmul");
            try (var oracle = Backends.using(new ScalarBackend())) {
                assertClose(Ops.matmul(a, b), small);
                assertClose(Ops.matmul(c, d), large);
            }
        } finally {
            ONEDNN.setThreads(before);
        }
    }

    /** A recurrent primitive is sized by one time step's work: oneDNN joins its team every step. */
    @Test
    void aSmallRecurrentLayerRunsOnOneThreadAndALargeOneOnAllWithTheSameResults() {
        assumeTrue(NativeLibrary.GOMP.isAvailable(), NativeLibrary.GOMP.failureReason());
        int before = ONEDNN.threads();
        ONEDNN.setThreads(2);
        try (Scope s = Scope.confined()) {
            // 32 x 4*64 x (1+64) = 0.5M multiply-adds a step (the sine LSTM job): one thread.
            expectTeamAndOracle(new RnnParams(RnnKind.LSTM, 1, false, 3, 32, 1, 64), 1);
            // 64 x 3*256 x (256+256) = 25M multiply-adds a step: the whole team.
            expectTeamAndOracle(new RnnParams(RnnKind.GRU, 1, false, 2, 64, 256, 256), 2);
        } finally {
            ONEDNN.setThreads(before);
        }
    }

    private static void expectTeamAndOracle(RnnParams p, int team) {
        RnnParity.Inputs in = RnnParity.random(p, new Rng(3));
        Ops.RnnResult got;
        try (var u = Backends.using(ONEDNN)) {
            got = Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false);
            assertEquals(team, Gomp.omp_get_max_threads(), "team size after " + p);
        }
        try (var oracle = Backends.using(new ScalarBackend())) {
            Close.assertClose(p.kind() + " on onednn", Ops.rnn(p, in.src(), in.h0(), in.c0(), in.w(), false).dst(),
                    got.dst(), 2e-6, 1e-4);
        }
    }

    @Test
    void idleOpenMpWorkersSpinBrieflyUnlessTheUserChoseAPolicy() throws Throwable {
        assumeTrue(NativeLibrary.DNNL.isAvailable(), NativeLibrary.DNNL.failureReason());
        boolean userChose = System.getenv("OMP_WAIT_POLICY") != null || System.getenv("GOMP_SPINCOUNT") != null;
        String policy = System.getProperty("gatun.omp.waitPolicy", "spin");
        assertEquals(userChose ? System.getenv("OMP_WAIT_POLICY") : policy.equals("passive") ? "PASSIVE" : null,
                getenv("OMP_WAIT_POLICY"));
        assertEquals(userChose ? System.getenv("GOMP_SPINCOUNT") : policy.equals("spin") ? "10000" : null,
                getenv("GOMP_SPINCOUNT"));
    }

    /** The process environment as libgomp reads it (System.getenv is a copy made at JVM start). */
    private static String getenv(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(64).getString(0);
        }
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        float[] e = expected.toArray(), a = actual.toArray();
        float[] diff = new float[e.length];
        for (int i = 0; i < e.length; i++) {
            diff[i] = Math.abs(e[i] - a[i]) <= 1e-4f * (1 + Math.abs(e[i])) ? 0f : a[i] - e[i];
        }
        assertArrayEquals(new float[e.length], diff, "matmul against the scalar oracle");
    }
}
