package dev.gatun.backend;

import dev.gatun.ops.Ops;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * Crash fuzzing of thread counts: random counts, from valid to absurd (0, negative, the bound + 1,
 * 8192, 10000, {@code Integer.MAX_VALUE}), given to {@link Backends#setThreads} and to each
 * backend's own {@code setThreads}, each followed by a matmul on every backend checked against the
 * scalar oracle. A refused count must be an IllegalArgumentException naming the bound and must
 * change nothing; an accepted one must be applied. Prints {@code thread fuzz ok: ...} last or exits 1.
 *
 * <p>Usage: {@code ThreadFuzz SEED CASES}. {@link NativeFuzzTest} also sets OMP_NUM_THREADS and
 * OPENBLAS_NUM_THREADS to 10000 in the environment, which the libraries read themselves.
 */
public final class ThreadFuzz {
    private ThreadFuzz() {}

    public static void main(String[] args) {
        Rng rng = new Rng(Long.parseLong(args[0]));
        int cases = Integer.parseInt(args[1]);
        int max = Backends.maxThreads();
        int[] extreme = {0, -1, Integer.MIN_VALUE, max + 1, 8192, 10000, Integer.MAX_VALUE};
        Backend oracle = Backends.get("scalar"); // the oracle by name: one specific backend, not "every backend"
        long refused = 0, accepted = 0;
        for (int i = 0; i < cases; i++) {
            int n = rng.nextInt(3) == 0 ? extreme[rng.nextInt(extreme.length)] : 1 + rng.nextInt(rng.nextInt(4) == 0 ? max : 4);
            Backend target = rng.nextInt(3) == 0 ? null : Backends.available().get(rng.nextInt(Backends.available().size()));
            int before = target == null ? Backends.threads() : target.threads();
            try {
                if (target == null) {
                    Backends.setThreads(n);
                } else {
                    target.setThreads(n);
                }
                accepted++;
                check(n >= 1 && n <= max, i, "accepted " + n);
                int now = target == null ? Backends.threads() : target.threads();
                check(target == null || target.name().equals("scalar") || now == n, i, "set " + n + " but threads() is " + now);
            } catch (IllegalArgumentException e) {
                refused++;
                check(n < 1 || n > max, i, "refused the valid count " + n + ": " + e.getMessage());
                check(e.getMessage().contains("between 1 and " + max), i, "message without the bound: " + e.getMessage());
                int now = target == null ? Backends.threads() : target.threads();
                check(now == before, i, "a refused count changed threads from " + before + " to " + now);
            }
            int m = 1 + rng.nextInt(40), k = 1 + rng.nextInt(40), c = 1 + rng.nextInt(40);
            Tensor a = Tensor.uniform(rng, -1, 1, m, k), b = Tensor.uniform(rng, -1, 1, k, c);
            float[] want;
            try (Backends.Using u = Backends.using(oracle)) {
                want = Ops.matmul(a, b).toArray();
            }
            for (Backend backend : Backends.available()) {
                try (Backends.Using u = Backends.using(backend)) {
                    float[] got = Ops.matmul(a, b).toArray();
                    for (int j = 0; j < want.length; j++) {
                        check(Math.abs(got[j] - want[j]) <= 1e-4f * (1 + k), i, backend.name() + " matmul differs at " + j
                                + " with " + backend.threads() + " threads: " + got[j] + " vs " + want[j]);
                    }
                }
            }
        }
        System.out.println("thread fuzz ok: " + cases + " cases, " + accepted + " accepted, " + refused
                + " refused, matmul right on each of " + Arrays.toString(Backends.available().stream().map(Backend::name).toArray()));
    }

    private static void check(boolean ok, int i, String what) {
        if (!ok) {
            System.out.println("thread fuzz FAILED at case " + i + ": " + what);
            System.exit(1);
        }
    }
}
