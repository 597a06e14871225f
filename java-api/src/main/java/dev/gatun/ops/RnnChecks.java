package dev.gatun.ops;

import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/** The argument checks of {@link Ops}'s recurrent ops; every message names the op, the tensor and both shapes. */
final class RnnChecks {
    private RnnChecks() {}

    /** Checks the forward's inputs: src, h0 and c0 (null allowed: zeros) and the weights. */
    static void inputs(String op, RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w) {
        if (p == null) {
            throw new IllegalArgumentException(op + ": params are null");
        }
        if (w == null) {
            throw new IllegalArgumentException(op + ": weights are null");
        }
        tensor(op, "src", src, p.srcShape(), false);
        tensor(op, "h0", h0, p.stateShape(), true);
        cellState(op, p, "c0", c0);
        w.check(op, p);
    }

    /** {@code c} must be null unless the cell is an LSTM. */
    static void cellState(String op, RnnParams p, String name, Tensor c) {
        if (c != null && !p.kind().hasCellState()) {
            throw new IllegalArgumentException(op + ": " + name + " is given but a " + p.kind() + " has no cell state");
        }
        tensor(op, name, c, p.stateShape(), true);
    }

    /** A required h-state and, for the LSTM only, a required c-state of the state shape. */
    static void states(String op, RnnParams p, String hName, Tensor h, String cName, Tensor c) {
        tensor(op, hName, h, p.stateShape(), false);
        cellState(op, p, cName, c);
        tensor(op, cName, c, p.stateShape(), !p.kind().hasCellState());
    }

    /** Alive, usable here, contiguous, of {@code shape}; null only when {@code nullable}. */
    static void tensor(String op, String name, Tensor t, int[] shape, boolean nullable) {
        if (t == null) {
            if (nullable) {
                return;
            }
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        t.checkAccess(op);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": " + name + " is " + Shapes.str(t.shape())
                    + ", expected " + Shapes.str(shape));
        }
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(shape) + " must be contiguous");
        }
    }
}
