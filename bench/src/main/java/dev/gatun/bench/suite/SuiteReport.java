package dev.gatun.bench.suite;

import dev.gatun.json.JsonReader;
import dev.gatun.backend.onednn.OneDnnInfo;
import dev.gatun.backend.openblas.OpenBlasInfo;
import dev.gatun.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one suite run (JMH's JSON of {@code TrainStepBench}, the PyTorch peer's JSON) into
 * {@code results.json}, {@code results.md} (a table of every figure and the ratios) and
 * {@code ratios.png} (Gatun / PyTorch per model and figure, one bar per backend). A ratio
 * compares each side's better thread count, as the peer's small ops often run slower on two
 * threads than on one; below 1 Gatun is faster.
 *
 * <pre>
 * java ... dev.gatun.bench.suite.SuiteReport --jmh train.json,infer.json [--peer peer.json] --out DIR [--mode quick]
 * </pre>
 * {@code bench/suite} runs the benchmarks and then this.
 */
public final class SuiteReport {
    static final String PEER = "pytorch";

    /** A row of the table: a model, a figure (train step or batch-1 inference), an optimizer ("-" for inference). */
    record Key(String model, String figure, String optimizer) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int m = Integer.compare(order(model), order(o.model));
            if (m != 0) {
                return m;
            }
            int f = figure.compareTo(o.figure) * -1; // "train step" before "batch-1 inference"
            return f != 0 ? f : optimizer.compareTo(o.optimizer);
        }

        private static int order(String model) {
            int i = List.of("mlp", "cnn", "lstm", "gru", "transformer").indexOf(model);
            return i < 0 ? 99 : i;
        }

        String label() {
            return model + " " + (figure.equals(TRAIN) ? "train " + optimizer : "infer b1");
        }
    }

    static final String TRAIN = "train step";
    static final String INFER = "batch-1 inference";

    /** Row -> implementation ("onednn", "java", ..., "pytorch") -> threads -> figure. */
    final Map<Key, Map<String, Map<Integer, Figure>>> rows = new TreeMap<>();
    final List<String> backends = new ArrayList<>();
    Map<String, Object> peerInfo = Map.of();

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        if (!a.containsKey("--jmh") || !a.containsKey("--out")) {
            throw new IllegalArgumentException("usage: SuiteReport --jmh jmh.json[,more.json] [--peer peer.json] --out DIR [--mode quick|full]");
        }
        SuiteReport r = new SuiteReport();
        for (String jmh : a.get("--jmh").split(",")) {
            r.readJmh(Path.of(jmh));
        }
        if (a.containsKey("--peer") && Files.exists(Path.of(a.get("--peer")))) {
            r.readPeer(Path.of(a.get("--peer")));
        }
        Path out = Path.of(a.get("--out"));
        Files.createDirectories(out);
        Map<String, Object> machine = machine(a.getOrDefault("--mode", "quick"));
        Files.writeString(out.resolve("results.json"), Json.pretty(r.json(machine)) + "\n");
        Files.writeString(out.resolve("results.md"), r.markdown(machine));
        RatioChart.write(out.resolve("ratios.png"), r.ratios(), machine);
        System.out.println(r.markdown(machine));
        System.out.println("wrote " + out.resolve("results.md") + ", results.json, ratios.png");
    }

    void readJmh(Path file) throws IOException {
        for (Object o : (List<?>) JsonReader.parse(Files.readString(file))) {
            Map<?, ?> run = (Map<?, ?>) o;
            String bench = (String) run.get("benchmark");
            Map<?, ?> p = (Map<?, ?>) run.get("params");
            boolean train = bench.endsWith(".trainStep");
            Key key = new Key((String) p.get("model"), train ? TRAIN : INFER, train ? (String) p.get("optimizer") : "-");
            String backend = (String) p.get("backend");
            if (!backends.contains(backend)) {
                backends.add(backend);
            }
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            put(key, backend, Integer.parseInt((String) p.get("threads")), Figure.ofRawData((List<?>) metric.get("rawData")));
        }
    }

    void readPeer(Path file) throws IOException {
        Map<?, ?> peer = (Map<?, ?>) JsonReader.parse(Files.readString(file));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("torch", peer.get("torch"));
        info.put("blas", peer.get("blas"));
        info.put("data", peer.get("data"));
        peerInfo = info;
        for (Object o : (List<?>) peer.get("results")) {
            Map<?, ?> r = (Map<?, ?>) o;
            String model = (String) r.get("model");
            int threads = (int) Figure.num(r.get("threads"));
            put(new Key(model, TRAIN, (String) r.get("optimizer")), PEER, threads, Figure.of((Map<?, ?>) r.get("train_step_ms")));
            Key infer = new Key(model, INFER, "-");
            if (!rows.containsKey(infer) || !rows.get(infer).containsKey(PEER)
                    || !rows.get(infer).get(PEER).containsKey(threads)) { // inference is timed once per optimizer: keep the first
                put(infer, PEER, threads, Figure.of((Map<?, ?>) r.get("infer_batch1_ms")));
            }
        }
    }

    private void put(Key key, String impl, int threads, Figure f) {
        rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(impl, k -> new TreeMap<>()).put(threads, f);
    }

    /** The better median over thread counts, or NaN. */
    static double best(Map<Integer, Figure> byThreads) {
        return byThreads == null ? Double.NaN
                : byThreads.values().stream().mapToDouble(Figure::median).min().orElse(Double.NaN);
    }

    /** Per row, per backend: Gatun's best over PyTorch's best (rows without the peer are left out). */
    Map<Key, Map<String, Double>> ratios() {
        Map<Key, Map<String, Double>> out = new TreeMap<>();
        rows.forEach((key, impls) -> {
            double peer = best(impls.get(PEER));
            if (!Double.isNaN(peer)) {
                for (String b : backends) {
                    double g = best(impls.get(b));
                    if (!Double.isNaN(g)) {
                        out.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(b, g / peer);
                    }
                }
            }
        });
        return out;
    }

    private List<Integer> threadCounts() {
        return rows.values().stream().flatMap(m -> m.values().stream()).flatMap(t -> t.keySet().stream())
                .distinct().sorted().toList();
    }

    String markdown(Map<String, Object> machine) {
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(machine.get("cpu")).append(", ").append(machine.get("cores")).append(" cores, load average ")
                .append(machine.get("loadAverage")).append(" at the end of the run; ").append(machine.get("jdk"))
                .append("; OpenBLAS core ").append(machine.get("openblasCore")).append(", oneDNN ISA ")
                .append(machine.get("onednnIsa")).append("; ").append(machine.get("mode")).append(" mode, ")
                .append(machine.get("date")).append(".\n");
        if (!peerInfo.isEmpty()) {
            sb.append("Peer: PyTorch ").append(peerInfo.get("torch")).append(", BLAS ").append(peerInfo.get("blas"))
                    .append("; data ").append(peerInfo.get("data")).append(".\n");
        }
        sb.append("\nms per call, median (min-max) over the measured iterations; ratio = Gatun's better thread count / "
                + "PyTorch's better thread count (below 1: Gatun faster).\n\n");
        List<Integer> threads = threadCounts();
        List<String> impls = new ArrayList<>(backends);
        impls.add(PEER);
        sb.append("| model | figure | optimizer |");
        for (String impl : impls) {
            for (int t : threads) {
                sb.append(' ').append(impl.equals(PEER) ? "PyTorch" : "Gatun " + impl).append(' ').append(t).append("t |");
            }
        }
        for (String b : backends) {
            sb.append(" ratio ").append(b).append(" |");
        }
        sb.append("\n|---|---|---|").append("---|".repeat(impls.size() * threads.size() + backends.size())).append('\n');
        Map<Key, Map<String, Double>> ratios = ratios();
        rows.forEach((key, byImpl) -> {
            sb.append("| ").append(key.model).append(" | ").append(key.figure).append(" | ").append(key.optimizer).append(" |");
            for (String impl : impls) {
                for (int t : threads) {
                    Figure f = byImpl.getOrDefault(impl, Map.of()).get(t);
                    sb.append(' ').append(f == null ? "" : f.cell()).append(" |");
                }
            }
            for (String b : backends) {
                Double r = ratios.getOrDefault(key, Map.of()).get(b);
                sb.append(' ').append(r == null ? "" : String.format(Locale.ROOT, "**%.2f**", r)).append(" |");
            }
            sb.append('\n');
        });
        return sb.toString();
    }

    Map<String, Object> json(Map<String, Object> machine) {
        List<Object> out = new ArrayList<>();
        Map<Key, Map<String, Double>> ratios = ratios();
        rows.forEach((key, byImpl) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", key.model);
            row.put("figure", key.figure);
            row.put("optimizer", key.optimizer);
            Map<String, Object> impls = new LinkedHashMap<>();
            byImpl.forEach((impl, byThreads) -> {
                Map<String, Object> t = new LinkedHashMap<>();
                byThreads.forEach((n, f) -> t.put(n + "", f.json()));
                impls.put(impl, t);
            });
            row.put("ms", impls);
            row.put("ratioToPeerBest", ratios.getOrDefault(key, Map.of()));
            out.add(row);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine);
        doc.put("peer", peerInfo);
        doc.put("rows", out);
        return doc;
    }

    /** What ran where: CPU, cores, load, JDK, the native libraries' kernels. */
    static Map<String, Object> machine(String mode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("loadAverage", read("/proc/loadavg").split(" ")[0]);
        m.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("openblas", safe(() -> OpenBlasInfo.version()));
        m.put("openblasCore", safe(() -> OpenBlasInfo.coreName()));
        m.put("onednn", safe(() -> OneDnnInfo.shortVersion()));
        m.put("onednnIsa", safe(() -> OneDnnInfo.isa()));
        m.put("mode", mode);
        m.put("date", Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC");
        return m;
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException | LinkageError e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
