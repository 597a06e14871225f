package dev.gatun.backend.scalar;

import dev.gatun.backend.RnnKind;
import dev.gatun.backend.RnnParams;

/**
 * Where the Java backends (scalar and Vector API) keep what an RNN's backward needs, in floats
 * from the start of the workspace:
 * <ul>
 * <li>per layer and direction (entry e): the gate values of every step, [seq, batch, SLOTS * H]
 *     ({@link #slots}: h for a plain RNN; i, f, g, o after their activations for the LSTM;
 *     r, z, n and the reset-free hidden projection {@code W_hn h + b_hn} for the GRU), then,
 *     for the LSTM, the cell state of every step [seq, batch, H];
 * <li>per layer but the last: its output [seq, batch, directions * H] (the next layer's input;
 *     the last layer's output is dst).
 * </ul>
 */
public record RnnWorkspace(RnnParams p) {

    /** Stored H-wide values per step and batch row: 1, 4 (i, f, g, o) or 4 (r, z, n, hn). */
    public int slots() {
        return p.kind() == RnnKind.GRU ? 4 : p.gates();
    }

    private long gatesSize() {
        return (long) p.seq() * p.batch() * slots() * p.hidden();
    }

    private long cellsSize() {
        return p.kind().hasCellState() ? (long) p.seq() * p.batch() * p.hidden() : 0;
    }

    private long entrySize() {
        return gatesSize() + cellsSize();
    }

    private long outputSize() {
        return (long) p.seq() * p.batch() * p.outputSize();
    }

    /** Total floats. */
    public long size() {
        return p.states() * entrySize() + (p.layers() - 1) * outputSize();
    }

    /** Offset of entry e's gate values [seq, batch, slots * H]. */
    public long gates(int entry) {
        return entry * entrySize();
    }

    /** Offset of entry e's cell states [seq, batch, H] (LSTM only). */
    public long cells(int entry) {
        return entry * entrySize() + gatesSize();
    }

    /** Offset of layer l's output [seq, batch, directions * H], for l below the last. */
    public long output(int layer) {
        return p.states() * entrySize() + layer * outputSize();
    }
}
