package dev.gatun.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatun.backend.VectorSupport;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API updates give exactly the scalar loops' bits, on tiny, odd and vector-sized
 * tensors (below and above the size where the vector body takes over), tails included.
 */
class UpdateKernelsTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT;

    private static UpdateKernels vector() {
        assumeTrue(VectorSupport.unavailableReason() == null, VectorSupport.unavailableReason());
        UpdateKernels k = UpdateKernels.get();
        assumeTrue(!(k instanceof ScalarUpdateKernels), "the vector kernels did not load");
        return k;
    }

    /** n floats, Gaussian with a spread of magnitudes (some tiny, some large), from the seed. */
    private static MemorySegment random(Arena arena, int n, long seed, boolean positive) {
        Random r = new Random(seed);
        MemorySegment s = arena.allocate((long) n * Float.BYTES, 64);
        for (int i = 0; i < n; i++) {
            float x = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 4));
            s.setAtIndex(F32, i, positive ? Math.abs(x) : x);
        }
        return s;
    }

    private static float[] floats(MemorySegment s) {
        return s.toArray(F32);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 15, 16, 17, 33, 1000, VectorUpdateKernels.VECTOR_MIN - 1, VectorUpdateKernels.VECTOR_MIN,
        VectorUpdateKernels.VECTOR_MIN + 17, 2 * VectorUpdateKernels.VECTOR_MIN + 5})
    void sgdMatchesTheScalarLoopBitForBit(int n) {
        UpdateKernels vector = vector();
        UpdateKernels scalar = new ScalarUpdateKernels();
        try (Arena arena = Arena.ofConfined()) {
            // plain, momentum (first and later steps), Nesterov, with weight decay
            Object[][] cases = {{0f, 0f, false, false, 0f}, {0.9f, 0.1f, false, true, 0.01f}, {0.9f, 0.1f, false, false, 0.01f},
                {0.9f, 0f, true, false, 0f}};
            for (Object[] c : cases) {
                float momentum = (float) c[0], dampening = (float) c[1], wd = (float) c[4];
                boolean nesterov = (boolean) c[2], first = (boolean) c[3];
                MemorySegment g = random(arena, n, 2, false);
                MemorySegment w1 = random(arena, n, 1, false), w2 = random(arena, n, 1, false);
                MemorySegment b1 = momentum == 0f ? null : random(arena, n, 3, false);
                MemorySegment b2 = momentum == 0f ? null : random(arena, n, 3, false);
                scalar.sgd(w1, g, b1, n, 0.05f, wd, momentum, dampening, nesterov, first);
                vector.sgd(w2, g, b2, n, 0.05f, wd, momentum, dampening, nesterov, first);
                assertArrayEquals(floats(w1), floats(w2), "weights, momentum " + momentum + " nesterov " + nesterov);
                if (b1 != null) {
                    assertArrayEquals(floats(b1), floats(b2), "momentum buffer");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 15, 16, 17, 33, 1000, VectorUpdateKernels.VECTOR_MIN - 1, VectorUpdateKernels.VECTOR_MIN,
        VectorUpdateKernels.VECTOR_MIN + 17, 2 * VectorUpdateKernels.VECTOR_MIN + 5})
    void adamMatchesTheScalarLoopBitForBit(int n) {
        UpdateKernels vector = vector();
        UpdateKernels scalar = new ScalarUpdateKernels();
        try (Arena arena = Arena.ofConfined()) {
            float[][] cases = {{1f, 0f}, {1f, 0.01f}, {0.9999f, 0f}}; // (decay, l2): Adam, Adam with L2, AdamW
            for (float[] c : cases) {
                MemorySegment g = random(arena, n, 2, false);
                MemorySegment w1 = random(arena, n, 1, false), w2 = random(arena, n, 1, false);
                MemorySegment m1 = random(arena, n, 3, false), m2 = random(arena, n, 3, false);
                MemorySegment v1 = random(arena, n, 4, true), v2 = random(arena, n, 4, true);
                scalar.adam(w1, g, m1, v1, n, 0.9f, 0.999f, 0.0013f, 0.0447f, 1e-8f, c[0], c[1]);
                vector.adam(w2, g, m2, v2, n, 0.9f, 0.999f, 0.0013f, 0.0447f, 1e-8f, c[0], c[1]);
                assertArrayEquals(floats(w1), floats(w2), "weights");
                assertArrayEquals(floats(m1), floats(m2), "first moments");
                assertArrayEquals(floats(v1), floats(v2), "second moments");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aSegmentTooSmallForTheCountIsRefusedNotOverrun() {
        try (Arena arena = Arena.ofConfined()) {
            int n = VectorUpdateKernels.VECTOR_MIN + 3;
            MemorySegment big = random(arena, n, 1, false), small = random(arena, n - 1, 2, true);
            for (UpdateKernels k : new UpdateKernels[] {new ScalarUpdateKernels(), UpdateKernels.get()}) {
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> k.adam(big, big, big, small, n, 0.9f, 0.999f, 1e-3f, 1f, 1e-8f, 1f, 0f));
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> k.sgd(big, small, null, n, 0.1f, 0f, 0f, 0f, false, false));
            }
        }
    }
}
