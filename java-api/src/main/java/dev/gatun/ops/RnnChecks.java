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
        OpChecks.live(op, t);
        if (!Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": " + name + " is " + Shapes.str(t.shape())
                    + ", expected " + Shapes.str(shape));
        }
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(shape) + " must be contiguous");
        }
    }

    /** Tensors a recurrent op reads, with their names (null entries skipped by the overlap checks). */
    record Named(String[] names, Tensor[] tensors) {}

    /** src, h0, c0 and every weight and bias of {@code w}, named as PyTorch names them. */
    static Named read(Tensor src, Tensor h0, Tensor c0, RnnWeights w) {
        int n = w.entries();
        String[] names = new String[3 + 4 * n];
        Tensor[] ts = new Tensor[3 + 4 * n];
        names[0] = "src";
        names[1] = "h0";
        names[2] = "c0";
        ts[0] = src;
        ts[1] = h0;
        ts[2] = c0;
        for (int e = 0; e < n; e++) {
            names[3 + 4 * e] = "weight_ih[" + e + "]";
            names[4 + 4 * e] = "weight_hh[" + e + "]";
            names[5 + 4 * e] = "bias_ih[" + e + "]";
            names[6 + 4 * e] = "bias_hh[" + e + "]";
            ts[3 + 4 * e] = w.weightIh(e);
            ts[4 + 4 * e] = w.weightHh(e);
            ts[5 + 4 * e] = w.biasIh(e);
            ts[6 + 4 * e] = w.biasHh(e);
        }
        return new Named(names, ts);
    }

    /** Outputs writable and sharing memory with no other output and no input. */
    static void outputs(String op, String[] names, Tensor[] outs, Named inputs) {
        for (int i = 0; i < outs.length; i++) {
            Outputs.writable(op, names[i], outs[i]);
        }
        Outputs.disjoint(op, names, outs, inputs.names(), inputs.tensors());
    }

    /** The backward's outputs (every gradient, and the workspace it may consume) against everything it reads. */
    static void backwardOutputs(String op, Ops.RnnGrads g, Tensor workspace, Named forward, Tensor dst, Tensor hN, Tensor cN,
                                Tensor diffDst, Tensor diffHN, Tensor diffCN) {
        RnnWeights dw = g.diffWeights();
        int n = dw.entries();
        String[] names = new String[4 + 4 * n];
        Tensor[] outs = new Tensor[4 + 4 * n];
        names[0] = "diffSrc";
        names[1] = "diffH0";
        names[2] = "diffC0";
        names[3] = "workspace";
        outs[0] = g.diffSrc();
        outs[1] = g.diffH0();
        outs[2] = g.diffC0();
        outs[3] = workspace;
        for (int e = 0; e < n; e++) {
            names[4 + 4 * e] = "diff weight_ih[" + e + "]";
            names[5 + 4 * e] = "diff weight_hh[" + e + "]";
            names[6 + 4 * e] = "diff bias_ih[" + e + "]";
            names[7 + 4 * e] = "diff bias_hh[" + e + "]";
            outs[4 + 4 * e] = dw.weightIh(e);
            outs[5 + 4 * e] = dw.weightHh(e);
            outs[6 + 4 * e] = dw.biasIh(e);
            outs[7 + 4 * e] = dw.biasHh(e);
        }
        int f = forward.names().length;
        String[] inNames = java.util.Arrays.copyOf(forward.names(), f + 6);
        Tensor[] ins = java.util.Arrays.copyOf(forward.tensors(), f + 6);
        String[] extra = {"dst", "hN", "cN", "diffDst", "diffHN", "diffCN"};
        Tensor[] extraT = {dst, hN, cN, diffDst, diffHN, diffCN};
        System.arraycopy(extra, 0, inNames, f, 6);
        System.arraycopy(extraT, 0, ins, f, 6);
        outputs(op, names, outs, new Named(inNames, ins));
    }
}
