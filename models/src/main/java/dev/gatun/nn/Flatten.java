package dev.gatun.nn;

import dev.gatun.autograd.ConvF;
import dev.gatun.autograd.Var;

/** Flattens every axis from {@code startDim} (default 1) into one, as PyTorch's {@code Flatten}: [N, C, H, W] to [N, C*H*W]. */
public final class Flatten extends Module {
    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    @Override
    public Var forward(Var x) {
        return ConvF.flatten(x, startDim);
    }

    public int startDim() {
        return startDim;
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=-1";
    }
}
