package dev.gatun.backend;

import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.Tensor;

/**
 * The weights of a recurrent stack as PyTorch stores them, one entry per layer and direction
 * (entry {@code layer * directions + direction}, direction 1 being PyTorch's {@code _reverse}):
 * <ul>
 * <li>{@code weightIh} [G*H, layerInput]: {@code weight_ih_l{k}[_reverse]};
 * <li>{@code weightHh} [G*H, H]: {@code weight_hh_l{k}[_reverse]};
 * <li>{@code biasIh}, {@code biasHh} [G*H]: {@code bias_ih_l{k}}, {@code bias_hh_l{k}}.
 * </ul>
 * G is {@link RnnKind#gates()}, rows in PyTorch's gate order. The same holder carries weight
 * gradients.
 *
 * <p>A backend that keeps weights in a layout of its own (oneDNN) keeps its conversion per holder
 * and checks on every call that the tensors still hold what it converted, so tensors may be
 * changed in place at any time; reusing one holder across calls (as the nn layers do) is what
 * lets the conversion be reused.
 */
public final class RnnWeights {
    private final Tensor[] weightIh;
    private final Tensor[] weightHh;
    private final Tensor[] biasIh;
    private final Tensor[] biasHh;

    public RnnWeights(Tensor[] weightIh, Tensor[] weightHh, Tensor[] biasIh, Tensor[] biasHh) {
        if (weightIh == null || weightHh == null || biasIh == null || biasHh == null) {
            throw new IllegalArgumentException("rnn weights: an array is null");
        }
        int n = weightIh.length;
        if (weightHh.length != n || biasIh.length != n || biasHh.length != n) {
            throw new IllegalArgumentException("rnn weights: " + weightIh.length + ", " + weightHh.length + ", "
                    + biasIh.length + " and " + biasHh.length + " entries; all four need one per layer and direction");
        }
        this.weightIh = weightIh.clone();
        this.weightHh = weightHh.clone();
        this.biasIh = biasIh.clone();
        this.biasHh = biasHh.clone();
    }

    /** Zero-filled tensors of the right shapes for {@code p}, in the current scope (e.g. for gradients). */
    public static RnnWeights zeros(RnnParams p) {
        int n = p.states(), gh = p.gates() * p.hidden();
        Tensor[] wi = new Tensor[n], wh = new Tensor[n], bi = new Tensor[n], bh = new Tensor[n];
        for (int e = 0; e < n; e++) {
            wi[e] = Tensor.zeros(gh, p.layerInput(e / p.directions()));
            wh[e] = Tensor.zeros(gh, p.hidden());
            bi[e] = Tensor.zeros(gh);
            bh[e] = Tensor.zeros(gh);
        }
        return new RnnWeights(wi, wh, bi, bh);
    }

    /** Entries: layers times directions. */
    public int entries() {
        return weightIh.length;
    }

    public Tensor weightIh(int entry) {
        return weightIh[entry];
    }

    public Tensor weightHh(int entry) {
        return weightHh[entry];
    }

    public Tensor biasIh(int entry) {
        return biasIh[entry];
    }

    public Tensor biasHh(int entry) {
        return biasHh[entry];
    }

    /**
     * Checks every tensor against {@code p}: alive, usable from this thread, contiguous, of the
     * right shape. The message names the op, the PyTorch parameter name and both shapes.
     */
    public void check(String op, RnnParams p) {
        if (entries() != p.states()) {
            throw new IllegalArgumentException(op + ": " + entries() + " weight entries for " + p
                    + ", expected " + p.states() + " (layers x directions)");
        }
        int gh = p.gates() * p.hidden();
        for (int e = 0; e < entries(); e++) {
            int layer = e / p.directions();
            String suffix = "_l" + layer + (e % p.directions() == 1 ? "_reverse" : "");
            checkOne(op, "weight_ih" + suffix, weightIh[e], new int[] {gh, p.layerInput(layer)});
            checkOne(op, "weight_hh" + suffix, weightHh[e], new int[] {gh, p.hidden()});
            checkOne(op, "bias_ih" + suffix, biasIh[e], new int[] {gh});
            checkOne(op, "bias_hh" + suffix, biasHh[e], new int[] {gh});
        }
    }

    private static void checkOne(String op, String name, Tensor t, int[] shape) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        t.checkAccess(op);
        if (t.dtype() != dev.gatun.tensor.DataType.FLOAT32) { // the kernels read float32: other bytes would be misread, or overrun
            throw new IllegalArgumentException(op + ": " + name + " is a " + t.dtype() + " tensor " + Shapes.str(t.shape())
                    + " where it takes float32; convert it with to(DataType.FLOAT32)");
        }
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("shape mismatch in " + op + ": " + name + " is " + Shapes.str(t.shape())
                    + ", expected " + Shapes.str(shape));
        }
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + name + " " + Shapes.str(shape) + " must be contiguous");
        }
    }
}
