package dev.gatun.bench;

import dev.gatun.autograd.Var;
import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.nn.Module;
import dev.gatun.nn.loss.Loss;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.SGD;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Shapes;
import dev.gatun.tensor.StepMemory;
import dev.gatun.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where one {@link TrainStepBench} training step (SGD) spends its time, op by op: every
 * {@link Backend} call goes through a proxy that adds up its wall time per method and first
 * argument's shape, after as many warm-up steps as measured ones. A profile, not a benchmark:
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
        BenchModels kind = BenchModels.of(args[0]);
        Backend real = Backends.get(args.length > 1 ? args[1] : "onednn");
        Backends.setThreads(args.length > 2 ? Integer.parseInt(args[2]) : 1);
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
        BenchInfo.print(real, Backends.threads());
        try (var using = Backends.using(timed); Module net = kind.build(new Rng(0)); StepMemory memory = StepMemory.confined()) {
            Loss loss = kind.loss();
            Optimizer opt = new SGD(net.parameters(), 0.01f);
            BenchData images = kind.images ? BenchData.load(8192) : null;
            Rng rng = new Rng(1);
            float[] input = new float[(int) Shapes.numel(kind.batchShape)];
            for (int i = 0; i < input.length; i++) {
                input[i] = (float) rng.nextGaussian();
            }
            boolean regression = kind == BenchModels.TRANSFORMER;
            float[] target = new float[regression ? input.length : kind.batch()];
            for (int i = 0; i < target.length; i++) {
                target[i] = regression ? (float) rng.nextGaussian() : (float) Math.floor(rng.nextFloat() * BenchData.CLASSES);
            }
            long total = 0;
            for (int round = 0; round < 2; round++) {
                timing[0] = round == 1;
                long t0 = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    try (Scope step = memory.open()) {
                        Tensor x, y;
                        if (images != null) {
                            int at = images.nextBatch(kind.batch());
                            x = BenchData.copy(step, images.images, at * BenchData.PIXELS, kind.batchShape);
                            y = BenchData.copy(step, images.labels, at, kind.batch());
                        } else {
                            x = BenchData.copy(step, input, 0, kind.batchShape);
                            y = BenchData.copy(step, target, 0, regression ? kind.batchShape : new int[] {kind.batch()});
                        }
                        Var l = loss.forward(net.forward(Var.constant(x)), y);
                        opt.zeroGrad();
                        l.backward();
                        opt.step();
                        l.item();
                    }
                }
                total = System.nanoTime() - t0;
            }
            long inCalls = calls.values().stream().mapToLong(v -> v[0]).sum();
            System.out.printf("%s on %s, %d thread(s): %.3f ms a step, %.3f ms of it in backend calls%n", args[0], real.name(),
                    Backends.threads(), total / 1e6 / steps, inCalls / 1e6 / steps);
            long measured = total;
            calls.entrySet().stream().sorted((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0])).limit(top)
                    .forEach(e -> System.out.printf("  %8.1f us %5.1f%%  x%-3d %s%n", e.getValue()[0] / 1e3 / steps,
                            100.0 * e.getValue()[0] / measured, e.getValue()[1] / steps, e.getKey()));
        }
    }
}
