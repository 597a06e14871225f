package dev.gatun.ops;

import static dev.gatun.ops.OpChecks.backend;

import dev.gatun.backend.Backend;
import dev.gatun.backend.RnnParams;
import dev.gatun.backend.RnnWeights;
import dev.gatun.ops.Ops.RnnGrads;
import dev.gatun.ops.Ops.RnnResult;
import dev.gatun.tensor.Tensor;

/**
 * The recurrent ops behind {@link Ops#rnn} (RNN, LSTM, GRU, forward and backward): the checks are
 * {@link RnnChecks}', this class allocates the defaulted states and runs the backend.
 */
final class RnnOps {
    private RnnOps() {}

    static RnnResult rnn(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, boolean training) {
        RnnChecks.inputs("rnn", p, src, h0, c0, w);
        Backend backend = backend();
        boolean lstm = p.kind().hasCellState();
        Tensor h = h0 != null ? h0 : Tensor.zeros(p.stateShape());
        Tensor c = !lstm ? null : c0 != null ? c0 : Tensor.zeros(p.stateShape());
        Tensor dst = Tensor.zeros(p.dstShape());
        Tensor hN = Tensor.zeros(p.stateShape());
        Tensor cN = lstm ? Tensor.zeros(p.stateShape()) : null;
        Tensor ws = training ? Tensor.zeros(Math.toIntExact(backend.rnnWorkspaceSize(p))) : null;
        backend.rnnForward(p, src, h, c, w, dst, hN, cN, ws);
        return new RnnResult(dst, hN, cN, ws, backend);
    }

    static void rnnInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                        Tensor dst, Tensor hN, Tensor cN, Tensor workspace) {
        RnnChecks.inputs("rnn", p, src, h0, c0, w);
        Backend backend = backend();
        RnnChecks.states("rnn", p, "h0", h0, "c0", c0);
        RnnChecks.tensor("rnn", "dst", dst, p.dstShape(), false);
        RnnChecks.states("rnn", p, "hN", hN, "cN", cN);
        if (workspace != null) {
            RnnChecks.tensor("rnn", "workspace", workspace, workspaceShape(backend, p), false);
        }
        RnnChecks.outputs("rnn", new String[] {"dst", "hN", "cN", "workspace"}, new Tensor[] {dst, hN, cN, workspace},
                RnnChecks.read(src, h0, c0, w));
        backend.rnnForward(p, src, h0, c0, w, dst, hN, cN, workspace);
    }

    static Tensor rnnWorkspace(RnnParams p) {
        if (p == null) {
            throw new IllegalArgumentException("rnn: params are null");
        }
        return Tensor.zeros(workspaceShape(backend(), p));
    }

    private static int[] workspaceShape(Backend backend, RnnParams p) {
        return new int[] {Math.toIntExact(backend.rnnWorkspaceSize(p))};
    }

    static RnnGrads rnnBackward(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w, RnnResult fwd,
                                Tensor diffDst, Tensor diffHN, Tensor diffCN) {
        String op = "rnn backward";
        RnnChecks.inputs(op, p, src, h0, c0, w);
        if (fwd == null || fwd.workspace() == null) {
            throw new IllegalArgumentException(op + ": needs the result of a training forward (rnn(..., training=true))");
        }
        Backend backend = backend();
        if (fwd.backend() != backend) {
            throw new IllegalStateException(op + ": the forward ran on backend " + fwd.backend().name()
                    + ", the current one is " + backend.name() + "; its workspace means nothing here");
        }
        RnnChecks.tensor(op, "diffDst", diffDst, p.dstShape(), true);
        RnnChecks.tensor(op, "diffHN", diffHN, p.stateShape(), true);
        RnnChecks.cellState(op, p, "diffCN", diffCN);
        boolean lstm = p.kind().hasCellState();
        Tensor h = h0 != null ? h0 : Tensor.zeros(p.stateShape());
        Tensor c = !lstm ? null : c0 != null ? c0 : Tensor.zeros(p.stateShape());
        Tensor dDst = diffDst != null ? diffDst : Tensor.zeros(p.dstShape());
        Tensor dHN = diffHN != null ? diffHN : Tensor.zeros(p.stateShape());
        Tensor dCN = !lstm ? null : diffCN != null ? diffCN : Tensor.zeros(p.stateShape());
        RnnGrads g = new RnnGrads(Tensor.zeros(p.srcShape()), Tensor.zeros(p.stateShape()),
                lstm ? Tensor.zeros(p.stateShape()) : null, RnnWeights.zeros(p));
        rnnBackwardInto(p, src, h, c, w, fwd.dst(), fwd.hN(), fwd.cN(), fwd.workspace(), dDst, dHN, dCN, g);
        return g;
    }

    static void rnnBackwardInto(RnnParams p, Tensor src, Tensor h0, Tensor c0, RnnWeights w,
                                Tensor dst, Tensor hN, Tensor cN, Tensor workspace,
                                Tensor diffDst, Tensor diffHN, Tensor diffCN, RnnGrads grads) {
        String op = "rnn backward";
        RnnChecks.inputs(op, p, src, h0, c0, w);
        Backend backend = backend();
        RnnChecks.states(op, p, "h0", h0, "c0", c0);
        RnnChecks.tensor(op, "dst", dst, p.dstShape(), false);
        RnnChecks.states(op, p, "hN", hN, "cN", cN);
        RnnChecks.tensor(op, "workspace", workspace, workspaceShape(backend, p), false);
        RnnChecks.tensor(op, "diffDst", diffDst, p.dstShape(), false);
        RnnChecks.states(op, p, "diffHN", diffHN, "diffCN", diffCN);
        if (grads == null || grads.diffWeights() == null) {
            throw new IllegalArgumentException(op + ": gradients to write are null");
        }
        RnnChecks.tensor(op, "diffSrc", grads.diffSrc(), p.srcShape(), false);
        RnnChecks.states(op, p, "diffH0", grads.diffH0(), "diffC0", grads.diffC0());
        grads.diffWeights().check(op, p);
        RnnChecks.backwardOutputs(op, grads, workspace, RnnChecks.read(src, h0, c0, w), dst, hN, cN, diffDst, diffHN, diffCN);
        backend.rnnBackward(p, src, h0, c0, w, dst, hN, cN, workspace, diffDst, diffHN, diffCN,
                grads.diffSrc(), grads.diffH0(), grads.diffC0(), grads.diffWeights());
    }
}
