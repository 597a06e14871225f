package dev.gatun.backend;

/**
 * The shape of one recurrent op: a stack of {@code layers} cells of kind {@code kind}, each run
 * over {@code seq} steps of a {@code batch}, forward in time and, when {@code bidirectional},
 * backward in time too (the two directions' outputs concatenated, forward first, as the next
 * layer's input). Tensors are laid out as PyTorch's (seq, batch, feature):
 * <ul>
 * <li>src [seq, batch, input]; dst [seq, batch, directions * hidden];
 * <li>h0, hN (and c0, cN for the LSTM) [layers * directions, batch, hidden], entry
 *     {@code layer * directions + direction};
 * <li>weights as in {@link RnnWeights}.
 * </ul>
 * The constructor checks only that the sizes are sensible; {@link dev.gatun.ops.Ops} checks the
 * tensors against them.
 */
public record RnnParams(RnnKind kind, int layers, boolean bidirectional, int seq, int batch, int input, int hidden) {

    public RnnParams {
        if (kind == null) {
            throw new IllegalArgumentException("rnn: kind is null");
        }
        if (layers < 1 || seq < 1 || batch < 1 || input < 1 || hidden < 1) {
            throw new IllegalArgumentException("rnn: layers, seq, batch, input and hidden must be at least 1, got "
                    + "layers=" + layers + ", seq=" + seq + ", batch=" + batch + ", input=" + input + ", hidden=" + hidden);
        }
    }

    /** 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Gate count of the cell: the number of H-row blocks of each weight. */
    public int gates() {
        return kind.gates();
    }

    /** Features of the input of layer {@code layer}: the input size, then the previous layer's output. */
    public int layerInput(int layer) {
        return layer == 0 ? input : directions() * hidden;
    }

    /** Features of each time step of dst. */
    public int outputSize() {
        return directions() * hidden;
    }

    /** Entries of h0 / hN: layers times directions. */
    public int states() {
        return layers * directions();
    }

    /** The shape of src. */
    public int[] srcShape() {
        return new int[] {seq, batch, input};
    }

    /** The shape of dst. */
    public int[] dstShape() {
        return new int[] {seq, batch, outputSize()};
    }

    /** The shape of h0, hN, c0, cN. */
    public int[] stateShape() {
        return new int[] {states(), batch, hidden};
    }

    @Override
    public String toString() {
        return kind + "(layers=" + layers + (bidirectional ? ", bidirectional" : "") + ", seq=" + seq + ", batch="
                + batch + ", input=" + input + ", hidden=" + hidden + ")";
    }
}
