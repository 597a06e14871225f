package dev.gatun.bench;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where one {@link TrainStepBench} training step (SGD) spends its time, op by op: the benchmark's
 * own set-up and step, with every {@link Backend} call through a proxy that adds up its wall time
 * per method and first argument's shape, after as many warm-up steps as measured ones. A profile, not a benchmark:
 * the proxy costs about a microsecond a call, so read shares, and compare configurations back to
 * back. {@code ONEDNN_VERBOSE=profile_exec} beside it gives oneDNN's own kernel and reorder times.
 *
 * <pre>
 * bench/profile-step cnn onednn 1     # model, backend, threads; STEPS=300 TOP=20
 * </pre>
 */
public final class StepProfile {
    private StepProfile() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: StepProfile MODEL [BACKEND [THREADS]]   models: mlp cnn lstm gru transformer");
            System.exit(2);
        }
        Backend real = Backends.get(args.length > 1 ? args[1] : "onednn");
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int steps = Integer.getInteger("steps", 300), top = Integer.getInteger("top", 20);
        Map<String, long[]> calls = new HashMap<>(); // nanoseconds, count
        boolean[] timing = {false};
        Backend timed = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, a) -> {
                    long t0 = System.nanoTime();
                    try {
                        return method.invoke(real, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (timing[0]) {
                            String key = method.getName()
                                    + (a != null && a.length > 0 && a[0] instanceof Tensor t ? Arrays.toString(t.shape()) : "");
                            long[] v = calls.computeIfAbsent(key, k -> new long[2]);
                            v[0] += System.nanoTime() - t0;
                            v[1]++;
                        }
                    }
                });
        TrainStepBench bench = new TrainStepBench();
        bench.model = args[0];
        bench.backend = real.name();
        bench.threads = threads;
        bench.optimizer = "sgd";
        bench.precision = "float32";
        bench.setUp(); // the benchmark's own model, data and step, on the real backend
        long total = 0;
        try (var using = Backends.using(timed)) { // ops of the step go through the proxy from here on
            for (int round = 0; round < 2; round++) {
                timing[0] = round == 1;
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    bench.trainStep();
                }
                total = System.nanoTime() - t0;
            }
        } finally {
            bench.tearDown();
        }
        long inCalls = calls.values().stream().mapToLong(v -> v[0]).sum();
        System.out.printf("%s on %s, %d thread(s): %.3f ms a step, %.3f ms of it in backend calls%n", args[0], real.name(),
                threads, total / 1e6 / steps, inCalls / 1e6 / steps);
        long measured = total; // effectively final, for the lambda below
        calls.entrySet().stream().sorted((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0])).limit(top)
                .forEach(e -> System.out.printf("  %8.1f us %5.1f%%  x%-3d %s%n", e.getValue()[0] / 1e3 / steps,
                        100.0 * e.getValue()[0] / measured, e.getValue()[1] / steps, e.getKey()));
    }
}
