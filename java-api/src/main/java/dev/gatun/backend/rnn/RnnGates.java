package dev.gatun.backend.rnn;

import dev.gatun.backend.VectorSupport;
import java.lang.foreign.MemorySegment;

/**
 * The fused elementwise part of one recurrent step for one batch row, forward and backward: all
 * gates of a cell in one pass over H (the gemms are the {@link RnnDriver}'s). Inputs are the two
 * gemm results of the step, {@code gx = W_ih x} and {@code gh = W_hh h}, without biases: the
 * kernels add {@code b_ih} and {@code b_hh} themselves, because the GRU's n gate needs
 * {@code W_hn h + b_hn} apart. The gate values they store, and read back in the backward, are laid
 * out as {@link dev.gatun.backend.scalar.RnnWorkspace} says. Offsets are in floats.
 *
 * <p>Two implementations: {@code VectorRnnGates} (Vector API) and {@link ScalarRnnGates} (plain
 * loops, for JVMs without {@code jdk.incubator.vector}), chosen once by {@link #best()}.
 */
public interface RnnGates {

    /** h = tanh or relu(a); stores h as the gate value and at {@code out}. */
    void rnnForward(boolean relu, MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                    MemorySegment bih, MemorySegment bhh, MemorySegment gates, long gAt,
                    MemorySegment out, long outAt, int hidden);

    /** i, f, g, o; c = f * cPrev + i * g; h = o * tanh(c). */
    void lstmForward(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                     MemorySegment bih, MemorySegment bhh, MemorySegment cPrev, long cPrevAt,
                     MemorySegment gates, long gAt, MemorySegment cells, long cAt,
                     MemorySegment out, long outAt, int hidden);

    /** r, z; hn = W_hn h + b_hn; n = tanh(W_in x + b_in + r * hn); h = (1 - z) n + z hPrev. */
    void gruForward(MemorySegment gx, long gxAt, MemorySegment gh, long ghAt,
                    MemorySegment bih, MemorySegment bhh, MemorySegment hPrev, long hPrevAt,
                    MemorySegment gates, long gAt, MemorySegment out, long outAt, int hidden);

    /** da = dhTot * (tanh' or relu'), dhTot = dh + dOut. */
    void rnnBackward(boolean relu, MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                     MemorySegment gates, long gAt, MemorySegment daX, long daAt, int hidden);

    /** Also carries dc: reads dL/dc_t from {@code dc}, writes dL/dc_{t-1} back. */
    void lstmBackward(MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                      MemorySegment dc, long dcAt, MemorySegment cPrev, long cPrevAt,
                      MemorySegment gates, long gAt, MemorySegment cells, long cAt,
                      MemorySegment daX, long daAt, int hidden);

    /**
     * daX = [dr, dz, dn] and daH = [dr, dz, dn * r]; writes the direct part of dL/dh_{t-1},
     * z * dhTot, to {@code dhPrev}.
     */
    void gruBackward(MemorySegment dh, long dhAt, MemorySegment dOut, long dOutAt,
                     MemorySegment hPrev, long hPrevAt, MemorySegment gates, long gAt,
                     MemorySegment daX, long daXAt, MemorySegment daH, long daHAt,
                     MemorySegment dhPrev, long dhPrevAt, int hidden);

    /** dst[c] = sum over rows of src[at + r * cols + c]: a bias gradient. */
    void columnSums(MemorySegment src, long at, int rows, int cols, MemorySegment dst);

    /** The Vector API gates when {@code jdk.incubator.vector} is readable, else {@link ScalarRnnGates}; chosen once. */
    static RnnGates best() {
        return Best.GATES;
    }

    /** Holder: chosen on first use, loaded by name so nothing here links to the incubator module. */
    final class Best {
        static final RnnGates GATES = choose();

        private Best() {}

        private static RnnGates choose() {
            if (VectorSupport.usable()) {
                try {
                    return (RnnGates) Class.forName("dev.gatun.backend.vector.VectorRnnGates").getConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    // fall through to the scalar loops, which compute the same
                }
            }
            return new ScalarRnnGates();
        }
    }
}
