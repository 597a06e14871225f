package dev.gatun.cli;

import dev.gatun.backend.Backend;
import dev.gatun.backend.Backends;
import dev.gatun.checkpoint.SafetensorsFile;
import dev.gatun.cli.models.CnnKind;
import dev.gatun.cli.models.Evaluation;
import dev.gatun.data.DataSets;
import dev.gatun.data.Dataset;
import dev.gatun.data.Split;
import dev.gatun.nn.Sequential;
import dev.gatun.serve.Calibration;
import dev.gatun.serve.QuantizedModel;
import dev.gatun.serve.Quantizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatun quantize}: int8 post-training quantization of a cnn saved by {@code gatun train cnn
 * --save}: calibrates each Linear and Conv2d layer's input range on training rows, quantizes the
 * weights per output channel, writes the quantized checkpoint and prints the test accuracy of
 * both models and the two file sizes.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true, sortOptions = false,
        description = "int8 post-training quantization of a saved cnn: calibrate on training rows, write a quantized "
                + "checkpoint, compare test accuracy and file size with the float32 model.")
public final class QuantizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A cnn saved by gatun train cnn --save.")
    Path model;

    @Option(names = "--data", defaultValue = "glyphs", paramLabel = "NAME|DIR",
            description = "The data it was trained on: glyphs, fashion-mnist or a folder of MNIST files (default: glyphs).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the quantized checkpoint.")
    Path out;

    @Option(names = "--calibration", defaultValue = "99.99", paramLabel = "minmax|P",
            description = "Input ranges: minmax, or the P-th percentile of the values seen (default: 99.99).")
    String calibration;

    @Option(names = "--calibration-rows", defaultValue = "1024", paramLabel = "N",
            description = "Training rows the calibration runs (default: 1024, the first ones).")
    int calibrationRows;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the glyphs drawn (as in gatun train; default: 1).")
    long seed;

    @Option(names = "--backend", description = "onednn, openblas, java, scalar (default: the best that loads).")
    String backend;

    @Spec
    CommandSpec spec;

    /** Rows per calibration batch. */
    static final int CALIBRATION_BATCH = 64;

    @Override
    public Integer call() throws Exception {
        InputsAndOutputs.of(spec).input("--model", model).data("--data", data).output("--out", out).check();
        OptionChecks.intIn("--calibration-rows", calibrationRows, 1, 1 << 20);
        Calibration method = Calibration.parse(calibration);
        Backend be = backend == null ? Backends.current() : Backends.get(backend);
        Split split = DataSets.load(data, null, 0.2, seed);
        PrintWriter w = spec.commandLine().getOut();
        try (Sequential net = CnnKind.load(model)) {
            CnnKind.requireFits(model, split.validation(), data);
            long start = System.nanoTime();
            QuantizedModel q = calibrate(net, split.train(), method, be);
            Map<String, String> meta = new LinkedHashMap<>();
            try (SafetensorsFile f = SafetensorsFile.open(model)) {
                meta.putAll(f.metadata());
            }
            meta.remove("format");
            q.save(out, net, meta);
            double seconds = (System.nanoTime() - start) / 1e9;
            Dataset test = split.validation();
            double f32 = Evaluation.accuracy(net, null, be, test);
            double int8;
            CnnKind.Saved saved = CnnKind.open(out); // what a user of the file gets
            try (Sequential back = saved.net()) {
                int8 = Evaluation.accuracy(back, saved.quantized(), be, test);
            }
            long f32Bytes = Files.size(model), int8Bytes = Files.size(out);
            w.printf(Locale.ROOT, "quantized %d layers (%s) to int8 on %s: calibration %s over %d rows in %.1f s%n",
                    q.layers().size(), String.join(", ", q.layers().keySet()), be.name(), q.calibration(),
                    Math.min(calibrationRows, split.train().rows()) / CALIBRATION_BATCH * CALIBRATION_BATCH, seconds);
            w.printf(Locale.ROOT, "test accuracy on %d rows: float32 %.2f%%, int8 %.2f%% (%+.2f points)%n", test.rows(),
                    100 * f32, 100 * int8, 100 * (int8 - f32));
            w.printf(Locale.ROOT, "file: %s %,d bytes -> %s %,d bytes (%.2fx smaller)%n", model, f32Bytes, out, int8Bytes,
                    (double) f32Bytes / int8Bytes);
            w.flush();
        }
        return 0;
    }

    /** Runs whole calibration batches of the first training rows (at least one batch). */
    private QuantizedModel calibrate(Sequential net, Dataset train, Calibration method, Backend be) {
        int columns = train.columns();
        int batches = Math.max(1, Math.min(calibrationRows, train.rows()) / CALIBRATION_BATCH);
        int batch = Math.min(CALIBRATION_BATCH, train.rows());
        float[] features = train.features();
        try (Quantizer qz = Quantizer.builder(net).batchShape(batch, columns).calibration(method).backend(be).build()) {
            float[] rows = new float[batch * columns];
            for (int b = 0; b < batches; b++) {
                System.arraycopy(features, b * batch * columns, rows, 0, rows.length);
                qz.observe(rows);
            }
            return qz.quantize();
        }
    }
}
