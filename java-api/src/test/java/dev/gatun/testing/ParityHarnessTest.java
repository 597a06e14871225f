package dev.gatun.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.backend.BinaryOp;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.ForwardingBackend;
import dev.gatun.backend.ReduceOp;
import dev.gatun.backend.scalar.ScalarBackend;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The harness itself: a backend with one subtle bug must fail it. */
class ParityHarnessTest {

    /** The oracle with a bug injected into one op. */
    private static class Broken extends ForwardingBackend {
        Broken() {
            super(new ScalarBackend());
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public String describe() {
            return "the oracle with one bug";
        }
    }

    @Test
    void catchesAnEltwiseOffByAFewUlps() {
        Broken b = new Broken() {
            @Override
            public void eltwise(EltwiseOp op, float alpha, float beta, Tensor src, Tensor dst) {
                super.eltwise(op, alpha, beta, src, dst);
                if (op == EltwiseOp.TANH && dst.numel() > 0) {
                    dst.set(dst.get(new int[dst.rank()]) * (1 + 1e-5f), new int[dst.rank()]);
                }
            }
        };
        assertThrows(AssertionError.class, () -> Parity.checkEltwise(b, new Rng(1), false));
    }

    @Test
    void catchesABinaryOpThatMishandlesBroadcast() {
        Broken b = new Broken() {
            @Override
            public void binary(BinaryOp op, Tensor a, Tensor bb, Tensor dst) {
                super.binary(op, a, bb, dst);
                if (!a.sameShape(bb) && dst.numel() > 1) { // forgets the last element of broadcast results
                    dst.set(0f, lastIndex(dst));
                }
            }
        };
        assertThrows(AssertionError.class, () -> {
            for (int seed = 0; seed < 20; seed++) {
                Parity.checkBinary(b, new Rng(seed), false);
            }
        });
    }

    @Test
    void catchesASumWithOneTermMissing() {
        Broken b = new Broken() {
            @Override
            public void reduce(ReduceOp op, Tensor src, Tensor dst) {
                super.reduce(op, src, dst);
                if (op == ReduceOp.SUM && src.numel() > dst.numel()) {
                    int[] at = new int[dst.rank()];
                    dst.set(dst.get(at) - src.get(new int[src.rank()]), at);
                }
            }
        };
        assertThrows(AssertionError.class, () -> {
            for (int seed = 0; seed < 20; seed++) {
                Parity.checkReduce(b, new Rng(seed), false);
            }
        });
    }

    private static int[] lastIndex(Tensor t) {
        int[] idx = t.shape();
        for (int i = 0; i < idx.length; i++) {
            idx[i]--;
        }
        return idx;
    }
}
