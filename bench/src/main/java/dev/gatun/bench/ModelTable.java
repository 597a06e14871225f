package dev.gatun.bench;

import dev.gatun.backend.Backends;
import dev.gatun.cli.models.CnnKind;
import dev.gatun.cli.models.Evaluation;
import dev.gatun.data.DataSets;
import dev.gatun.data.Dataset;
import dev.gatun.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The deployer's table of bench/compare-models/run: for each saved cnn (teacher, students, their
 * int8 versions) its test accuracy (through Predictors, as a service gets it), file size and
 * parameters, beside the JMH figures of {@link ModelFileBench} from one sitting: batch-1 p50 and
 * p99 latency and batch-64 rows per second, per backend.
 *
 * <pre>
 * ModelTable DIR DATA NAME=FILE...   (reads DIR/latency.json and DIR/throughput.json, writes DIR/table.md)
 * </pre>
 */
public final class ModelTable {
    private ModelTable() {}

    /** JMH figures of one file on one backend. */
    record Timing(double p50, double p99, double rowsPerSecond) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ModelTable DIR DATA NAME=FILE...");
        }
        Path dir = Path.of(args[0]);
        Dataset test = DataSets.load(args[1], null, 0.2, 1).validation();
        Map<String, Path> models = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            models.put(kv[0], Path.of(kv[1]));
        }
        Map<String, Timing> timings = timings(dir);
        List<String> backends = timings.keySet().stream().map(k -> k.substring(k.indexOf('|') + 1)).distinct().toList();
        StringBuilder md = new StringBuilder();
        md.append("| model | test accuracy | file bytes | parameters |");
        for (String b : backends) {
            md.append(" ").append(b).append(" batch-1 p50 / p99 µs | ").append(b).append(" batch-64 rows/s |");
        }
        md.append("\n|---|---|---|---|").append("---|---|".repeat(backends.size())).append('\n');
        for (var m : models.entrySet()) {
            CnnKind.Saved saved = CnnKind.open(m.getValue());
            double accuracy;
            long parameters;
            try (var net = saved.net()) {
                accuracy = Evaluation.accuracy(net, saved.quantized(), Backends.current(), test);
                parameters = Evaluation.parameters(net);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.2f%% | %,d | %,d |", m.getKey(), 100 * accuracy,
                    Files.size(m.getValue()), parameters));
            for (String b : backends) {
                Timing t = timings.get(m.getValue().toAbsolutePath() + "|" + b);
                md.append(t == null ? " - | - |" : String.format(Locale.ROOT, " %.1f / %.1f | %,.0f |", t.p50(), t.p99(),
                        t.rowsPerSecond()));
            }
            md.append('\n');
        }
        Files.writeString(dir.resolve("table.md"), md);
        System.out.print(md);
    }

    /** By "absolute file|backend": batch-1 percentiles (µs) from latency.json, rows/s from throughput.json. */
    private static Map<String, Timing> timings(Path dir) throws IOException {
        Map<String, double[]> latency = new LinkedHashMap<>(), rows = new LinkedHashMap<>();
        for (Object o : (List<?>) JsonReader.parse(Files.readString(dir.resolve("latency.json")))) {
            Map<?, ?> r = (Map<?, ?>) o;
            Map<?, ?> pct = (Map<?, ?>) ((Map<?, ?>) r.get("primaryMetric")).get("scorePercentiles");
            latency.put(key(r), new double[] {number(pct.get("50.0")), number(pct.get("99.0"))});
        }
        for (Object o : (List<?>) JsonReader.parse(Files.readString(dir.resolve("throughput.json")))) {
            Map<?, ?> r = (Map<?, ?>) o;
            int batch = (int) number(((Map<?, ?>) r.get("params")).get("batch"));
            rows.put(key(r), new double[] {batch * number(((Map<?, ?>) r.get("primaryMetric")).get("score"))});
        }
        Map<String, Timing> out = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(latency.keySet());
        keys.addAll(rows.keySet());
        for (String k : keys) {
            double[] l = latency.getOrDefault(k, new double[] {Double.NaN, Double.NaN});
            out.put(k, new Timing(l[0], l[1], rows.getOrDefault(k, new double[] {Double.NaN})[0]));
        }
        return out;
    }

    private static String key(Map<?, ?> result) {
        Map<?, ?> p = (Map<?, ?>) result.get("params");
        return Path.of((String) p.get("file")).toAbsolutePath() + "|" + p.get("backend");
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.parseDouble(o.toString());
    }
}
