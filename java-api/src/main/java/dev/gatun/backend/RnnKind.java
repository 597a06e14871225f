package dev.gatun.backend;

/**
 * The recurrent cells, with PyTorch's gate order (the order of the row blocks of
 * {@code weight_ih_l{k}} and {@code weight_hh_l{k}}):
 * <ul>
 * <li>{@code RNN_TANH}, {@code RNN_RELU}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}, one gate;
 * <li>{@code LSTM}: gates i, f, g, o; {@code c' = f * c + i * g}, {@code h' = o * tanh(c')};
 * <li>{@code GRU}: gates r, z, n; {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))},
 *     {@code h' = (1 - z) * n + z * h} (the reset gate scales the hidden projection plus its bias:
 *     oneDNN's linear-before-reset GRU).
 * </ul>
 */
public enum RnnKind {
    RNN_TANH(1),
    RNN_RELU(1),
    LSTM(4),
    GRU(3);

    private final int gates;

    RnnKind(int gates) {
        this.gates = gates;
    }

    /** Row blocks of H in each weight matrix and bias: 1, 4 (i, f, g, o) or 3 (r, z, n). */
    public int gates() {
        return gates;
    }

    /** Whether the cell carries a cell state c beside h (only the LSTM). */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
