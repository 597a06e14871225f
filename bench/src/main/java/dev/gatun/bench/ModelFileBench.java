package dev.gatun.bench;

import dev.gatun.backend.Backends;
import dev.gatun.cli.models.CnnKind;
import dev.gatun.serve.Predictor;
import dev.gatun.tensor.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A saved cnn checkpoint (float32, or int8 from {@code gatun quantize}) served as a deployer
 * serves it: {@link CnnKind#open} then a {@link Predictor} of {@code batch} rows on one thread
 * of {@code backend}, the int8 plan for a quantized file. Batch 1 in sample mode gives the
 * latency percentiles, batch 64 in throughput mode the rows per second (64 x ops/s). The
 * models of bench/compare-models/run's table.
 *
 * <pre>
 * bench/run ModelFileBench -p file=teacher.safetensors,teacher-int8.safetensors -p batch=1 -bm sample
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ModelFileBench {
    /** A cnn checkpoint (gatun train cnn|cnn-small --save, or gatun quantize --out). */
    @Param({""})
    public String file;

    @Param({"onednn"})
    public String backend;

    @Param({"1"})
    public int batch;

    private CnnKind.Saved saved;
    private Predictor predictor;
    private float[] in, out;

    @Setup
    public void setUp() throws IOException {
        if (file.isEmpty()) {
            throw new IllegalArgumentException("ModelFileBench: give -p file=CHECKPOINT[,CHECKPOINT...]");
        }
        Backends.get(backend).setThreads(1);
        saved = CnnKind.open(Path.of(file));
        int pixels = CnnKind.inputSize(Path.of(file));
        Predictor.Builder b = Predictor.builder(saved.net()).inputShape(batch, pixels).backend(Backends.get(backend));
        if (saved.quantized() != null) {
            b.quantized(saved.quantized());
        }
        predictor = b.build();
        Rng rng = new Rng(1);
        in = new float[batch * pixels];
        for (int i = 0; i < in.length; i++) {
            in[i] = rng.nextFloat(); // pixels in [0, 1), as the images are
        }
        out = new float[predictor.outputSize()];
    }

    @TearDown
    public void tearDown() {
        predictor.close();
        saved.net().close();
    }

    @Benchmark
    public float[] predict() {
        predictor.predict(in, out);
        return out;
    }
}
