package dev.gatun.train;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Copies of a model, for data-parallel training (one replica per worker) and for keeping a
 * model aside: a factory builds the same architecture and the state dict is copied over, so
 * every module class replicates without a copy method of its own.
 *
 * <p>Buffers are handled explicitly, since they are not trained: BatchNorm's running mean,
 * variance and batch count are copied by {@link #replicate} and {@link #copyState} with the
 * parameters; after replicas trained on different batches, their statistics differ, and
 * {@link #averageBuffers} (or {@link #copyBuffers} from one replica, PyTorch DDP's
 * {@code broadcast_buffers}) makes them agree again. Generator state (Dropout's) is not state
 * dict and is not copied: each replica draws from the generator its factory gave it.
 */
public final class Replicas {
    private Replicas() {}

    /**
     * A new model from {@code factory} (the same architecture as {@code original}) holding copies
     * of {@code original}'s parameters and buffers, in the same training/evaluation mode. The
     * copy shares no memory with the original; close it on its own.
     */
    public static <M extends Module> M replicate(Module original, Supplier<M> factory) {
        M copy = factory.get();
        try {
            copyState(original, copy);
        } catch (RuntimeException e) {
            copy.close();
            throw e;
        }
        copy.train(original.isTraining());
        return copy;
    }

    /**
     * Copies every parameter and buffer of {@code from} into {@code to}. Both must have the same
     * state-dict names and shapes; otherwise nothing is copied and the exception names the first
     * difference.
     */
    public static void copyState(Module from, Module to) {
        copy(from.stateDict(), to.stateDict(), "copyState");
    }

    /** Copies only the buffers (BatchNorm's running statistics) of {@code from} into {@code to}. */
    public static void copyBuffers(Module from, Module to) {
        copy(from.namedBuffers(), to.namedBuffers(), "copyBuffers");
    }

    /**
     * Sets every buffer of every replica to the mean of that buffer over the replicas: running
     * means and variances averaged (the variance of the mixture ignores the spread between the
     * replicas' means, as averaging per-worker statistics does in PyTorch); batch counters agree
     * when the replicas took the same number of steps.
     */
    public static void averageBuffers(List<? extends Module> replicas) {
        if (replicas.isEmpty()) {
            return;
        }
        Map<String, Tensor> first = replicas.getFirst().namedBuffers();
        for (Module m : replicas) {
            check(first, m.namedBuffers(), "averageBuffers");
        }
        for (String name : first.keySet()) {
            Tensor t0 = first.get(name);
            float[] sum = new float[(int) t0.numel()];
            for (Module m : replicas) {
                float[] v = m.namedBuffers().get(name).toArray();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += v[i];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= replicas.size();
            }
            for (Module m : replicas) {
                m.namedBuffers().get(name).copyFrom(sum);
            }
        }
    }

    private static void copy(Map<String, Tensor> from, Map<String, Tensor> to, String op) {
        check(from, to, op);
        from.forEach((name, src) -> {
            Tensor dst = to.get(name);
            if (src.isContiguous() && dst.isContiguous()) {
                MemorySegment.copy(src.segment(), 0, dst.segment(), 0, src.numel() * ValueLayout.JAVA_FLOAT.byteSize());
            } else {
                dst.copyFrom(src.toArray());
            }
        });
    }

    /** Same names, same order, same shapes; else an exception naming the first difference. */
    private static void check(Map<String, Tensor> from, Map<String, Tensor> to, String op) {
        if (!from.keySet().equals(to.keySet())) {
            var missing = new java.util.ArrayList<>(from.keySet());
            missing.removeAll(to.keySet());
            var extra = new java.util.ArrayList<>(to.keySet());
            extra.removeAll(from.keySet());
            throw new IllegalArgumentException("Replicas." + op + ": the models differ in state: missing " + missing
                    + ", unexpected " + extra);
        }
        from.forEach((name, src) -> {
            if (!Arrays.equals(src.shape(), to.get(name).shape())) {
                throw new IllegalArgumentException("Replicas." + op + ": '" + name + "' is " + Arrays.toString(src.shape())
                        + " in one model and " + Arrays.toString(to.get(name).shape()) + " in the other");
            }
        });
    }
}
