package dev.gatun.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.backend.Conv2dParams;
import dev.gatun.backend.EltwiseOp;
import dev.gatun.backend.Pool2dParams;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.StepMemory;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ops allocate the outputs their kernel writes entirely with {@link Tensor#empty}, which in step
 * memory holds an earlier step's values: every op must give the same result on memory filled
 * with NaN by the previous step as in a fresh (zeroed) scope, on every backend.
 */
class EmptyOutputsTest {
    static Stream<String> backends() {
        return Backends.available().stream().map(Backend::name);
    }

    /** Every op whose output is allocated empty, on fixed inputs; all outputs flattened in order. */
    private static List<float[]> run() {
        Rng rng = new Rng(11);
        Tensor a = Tensor.uniform(rng, -1f, 1f, 5, 7), b = Tensor.uniform(rng, -1f, 1f, 7, 3);
        Tensor row = Tensor.uniform(rng, -1f, 1f, 7);
        Tensor x = Tensor.uniform(rng, -1f, 1f, 2, 3, 6, 6), w = Tensor.uniform(rng, -1f, 1f, 4, 3, 3, 3);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, 3), beta = Tensor.uniform(rng, -1f, 1f, 3);
        List<Tensor> out = new ArrayList<>();
        out.add(Ops.matmul(a, b));
        out.add(Ops.add(a, row));
        Tensor r = Ops.relu(a);
        out.add(r);
        out.add(Ops.eltwiseBackward(EltwiseOp.TANH, 0f, 0f, a, r));
        Tensor sm = Ops.softmax(a);
        out.add(sm);
        out.add(Ops.softmaxBackward(sm, a, false));
        Ops.LayerNormResult ln = Ops.layerNorm(a, null, null, 1e-5f);
        out.addAll(List.of(ln.dst(), ln.mean(), ln.rstd()));
        out.add(Ops.concat(0, a, a));
        out.add(Ops.conv2d(x, w, null, Conv2dParams.of(1, 1)));
        out.add(Ops.maxPool2d(x, Pool2dParams.of(2, 2, 0)).dst());
        out.add(Ops.avgPool2d(x, Pool2dParams.of(2, 2, 0), false));
        Ops.BatchNormResult bn = Ops.batchNorm2dTraining(x, gamma, beta, null, null, 0.1f, 1e-5f);
        out.addAll(List.of(bn.dst(), bn.mean(), bn.variance()));
        Ops.BatchNormGrads bg = Ops.batchNorm2dBackward(x, bn.dst(), gamma, bn.mean(), bn.variance(), 1e-5f);
        out.addAll(List.of(bg.diffSrc(), bg.diffGamma(), bg.diffBeta()));
        out.add(Ops.batchNorm2dInference(x, gamma, beta, bn.mean(), bn.variance(), 1e-5f));
        return out.stream().map(Tensor::toArray).toList();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void opsGiveTheSameResultsOnStaleStepMemoryAsOnFreshMemory(String name) {
        try (var u = Backends.using(Backends.get(name))) {
            List<float[]> fresh;
            try (Scope s = Scope.confined()) {
                fresh = run();
            }
            try (StepMemory memory = StepMemory.confined()) {
                try (Scope step = memory.open()) {
                    Tensor.full(Float.NaN, 1 << 16); // the next step's memory starts as NaN
                }
                try (Scope step = memory.open()) {
                    List<float[]> stale = run();
                    for (int i = 0; i < fresh.size(); i++) {
                        assertArrayEquals(fresh.get(i), stale.get(i), "output " + i + " on " + name);
                    }
                }
            }
        }
    }
}
