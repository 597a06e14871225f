package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sequential runs a ReLU that comes right before a MaxPool2d after the pooling: the values (bit
 * for bit) and the gradients must be those of the layers in the order written, on every backend,
 * including windows whose maximum is negative, zero, -0.0, tied or NaN, and overlapping windows.
 */
class SequentialReluPoolTest {
    /** Values that make ties, all-negative windows, signed zeros and a NaN likely. */
    private static final float[] VALUES = {-2f, -1f, -0.5f, -0f, 0f, 0f, 0.5f, 1f, 1f, 3f};

    @Test
    void poolingBeforeReLUGivesTheWrittenOrdersValuesAndGradients() {
        for (Backend backend : Backends.available()) {
            for (MaxPool2d pool : List.of(new MaxPool2d(2), new MaxPool2d(3, 2, 1))) {
                try (var _ = Backends.using(backend); Scope s = Scope.confined()) {
                    Rng rng = new Rng(11);
                    float[] v = new float[2 * 3 * 8 * 8];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = VALUES[(int) (rng.nextFloat() * VALUES.length)];
                    }
                    v[17] = Float.NaN;
                    Tensor x = Tensor.of(v, 2, 3, 8, 8);
                    Tensor upstream = Tensor.uniform(rng, -1, 1, outShape(pool, x));
                    ReLU relu = new ReLU();

                    Var written = Var.leaf(x.copy(), true);
                    Var want = pool.forward(relu.forward(written)); // the order the model states
                    want.backward(upstream);

                    Var swapped = Var.leaf(x.copy(), true);
                    Var got = new Sequential(relu, pool).forward(swapped);
                    got.backward(upstream);

                    String what = backend.name() + " " + pool;
                    assertArrayEquals(want.value().toArray(), got.value().toArray(), what + " values");
                    // equal as numbers: a zero gradient may change sign (g * 0 then 0 + that, in the other order)
                    assertArrayEquals(written.grad().toArray(), swapped.grad().toArray(), 0f, what + " input gradient");
                }
            }
        }
    }

    private static int[] outShape(MaxPool2d pool, Tensor x) {
        try (Scope s = Scope.confined()) {
            return pool.forward(Var.constant(x)).shape();
        }
    }
}
