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
 * Turns one suite run (JMH's JSON of {@code TrainStepBench}, the peers' JSON files, the capacity
 * readings taken between the parts) into {@code results.json}, {@code results.md} (a table of every
 * figure, the best peer per figure and Gatun's ratio to it) and {@code ratios.png} (Gatun / best
 * peer per model and figure, one bar per backend). Every implementation counts at its better
 * thread count, as small ops often run slower on two threads than on one; a ratio below 1 means
 * Gatun is faster than every peer.
 *
 * <p>A peer file is {@code {"peer": NAME, "results": [{"model", "optimizer", "threads",
 * "train_step_ms"?, "infer_batch1_ms"?}]}} with {@code {"min", "median", "max"}} figures, as
 * {@code bench/pytorch/peer.py} and the JVM peers in {@code bench/peers} write it; a peer
 * without training (ONNX Runtime) leaves {@code train_step_ms} out.
 *
 * <pre>
 * java ... dev.gatun.bench.suite.SuiteReport --jmh train.json,infer.json [--peer a.json,b.json] [--capacity capacity.jsonl]
 *      --out DIR [--mode quick]
 * </pre>
 * {@code bench/suite} runs the benchmarks and then this.
 */
public final class SuiteReport {
    /** The peers' names as their files give them, in the table's order; others follow in reading order. */
    static final List<String> PEER_ORDER = List.of("pytorch", "pytorch-best", "ort", "djl", "dl4j");
    static final Map<String, String> PEER_LABELS = Map.of("pytorch", "PyTorch", "pytorch-best", "PyTorch best",
            "ort", "ONNX Runtime", "djl", "DJL", "dl4j", "DL4J");

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
    final List<String> peers = new ArrayList<>();
    /** Per peer: what its file says of itself (versions, BLAS, set-up). */
    final Map<String, Object> peerInfo = new LinkedHashMap<>();
    /** Per peer: how its outputs (and first losses) compared with PyTorch's, one entry per result row that says. */
    final Map<String, List<String>> checks = new LinkedHashMap<>();
    /** The capacity readings between the parts, in order. */
    final List<Object> capacity = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        if (!a.containsKey("--jmh") || !a.containsKey("--out")) {
            throw new IllegalArgumentException("usage: SuiteReport --jmh jmh.json[,more.json] [--peer a.json[,b.json]] "
                    + "[--capacity capacity.jsonl] --out DIR [--mode quick|full]");
        }
        SuiteReport r = new SuiteReport();
        for (String jmh : a.get("--jmh").split(",")) {
            r.readJmh(Path.of(jmh));
        }
        for (String peer : a.getOrDefault("--peer", "").split(",")) {
            if (!peer.isBlank() && Files.exists(Path.of(peer))) { // a peer that did not run left no file
                r.readPeer(Path.of(peer));
            }
        }
        if (a.containsKey("--capacity") && Files.exists(Path.of(a.get("--capacity")))) {
            r.readCapacity(Path.of(a.get("--capacity")));
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
        String name = (String) peer.get("peer");
        if (name == null || backends.contains(name)) {
            throw new IllegalArgumentException(file + ": a peer file needs a \"peer\" name that is no Gatun backend, got " + name);
        }
        if (!peers.contains(name)) {
            peers.add(name);
            peers.sort(java.util.Comparator.comparingInt(p -> PEER_ORDER.contains(p) ? PEER_ORDER.indexOf(p) : PEER_ORDER.size()));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        for (String k : List.of("torch", "blas", "data", "info")) {
            if (peer.get(k) != null) {
                info.put(k, peer.get(k));
            }
        }
        peerInfo.put(name, info);
        for (Object o : (List<?>) peer.get("results")) {
            Map<?, ?> r = (Map<?, ?>) o;
            String model = (String) r.get("model");
            int threads = (int) Figure.num(r.get("threads"));
            if (r.get("train_step_ms") instanceof Map<?, ?> train) {
                put(new Key(model, TRAIN, (String) r.get("optimizer")), name, threads, Figure.of(train));
            }
            if (r.get("check") instanceof String check && !check.isBlank()) {
                checks.computeIfAbsent(name, k -> new ArrayList<>()).add(model + " " + r.get("threads") + "t: " + check);
            }
            Key infer = new Key(model, INFER, "-");
            if (r.get("infer_batch1_ms") instanceof Map<?, ?> b1 && (!rows.containsKey(infer) || !rows.get(infer).containsKey(name)
                    || !rows.get(infer).get(name).containsKey(threads))) { // inference may come once per optimizer: keep the first
                put(infer, name, threads, Figure.of(b1));
            }
        }
    }

    /** One JSON object a line, as {@link CapacityCheck} appends them. */
    void readCapacity(Path file) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                capacity.add(JsonReader.parse(line));
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

    /** The implementation with the lowest median among {@code impls} in a row, or null. */
    static String fastest(Map<String, Map<Integer, Figure>> row, List<String> impls) {
        String best = null;
        for (String impl : impls) {
            double v = best(row.get(impl));
            if (!Double.isNaN(v) && (best == null || v < best(row.get(best)))) {
                best = impl;
            }
        }
        return best;
    }

    /** The thread count of an implementation's better median. */
    static int bestThreads(Map<Integer, Figure> byThreads) {
        return byThreads.entrySet().stream().min(java.util.Comparator.comparingDouble(e -> e.getValue().median()))
                .orElseThrow().getKey();
    }

    /** Per row, the fastest peer (rows that no peer measured are left out). */
    Map<Key, String> bestPeers() {
        Map<Key, String> out = new TreeMap<>();
        rows.forEach((key, impls) -> {
            String p = fastest(impls, peers);
            if (p != null) {
                out.put(key, p);
            }
        });
        return out;
    }

    /** Per row, per backend: Gatun's best over the fastest peer's best (rows without a peer are left out). */
    Map<Key, Map<String, Double>> ratios() {
        Map<Key, Map<String, Double>> out = new TreeMap<>();
        bestPeers().forEach((key, peer) -> {
            Map<String, Map<Integer, Figure>> impls = rows.get(key);
            double p = best(impls.get(peer));
            for (String b : backends) {
                double g = best(impls.get(b));
                if (!Double.isNaN(g)) {
                    out.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(b, g / p);
                }
            }
        });
        return out;
    }

    static String label(String impl) {
        return PEER_LABELS.getOrDefault(impl, impl);
    }

    /**
     * One line on a peer's set-up: for PyTorch which BLAS it loaded, its build (pthread or OpenMP),
     * kernel and thread pools, and the environment that chose them; for the others what they say.
     */
    static String describe(Object info) {
        if (!(info instanceof Map<?, ?> m)) {
            return "";
        }
        if (!(m.get("blas") instanceof Map<?, ?> blas)) {
            return m.get("info") instanceof Map<?, ?> own ? Json.write(own) : Json.write(m);
        }
        StringBuilder sb = new StringBuilder("torch ").append(m.get("torch")).append(", BLAS ").append(blas.get("library"))
                .append(" (").append(blas.get("build")).append(" build, kernel ").append(blas.get("kernel"))
                .append(", OpenBLAS threads ").append(blas.get("openblas_threads")).append("), torch pools ")
                .append(Json.write(blas.get("torch_threads"))).append(", sgemm 1024 GFLOP/s ").append(blas.get("mm1024_gflops_1t"))
                .append(" (1t) / ").append(blas.get("mm1024_gflops_2t")).append(" (2t); environment");
        if (blas.get("env") instanceof Map<?, ?> env) {
            env.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v == null ? "unset" : v));
        }
        return sb.append("; data ").append(m.get("data")).toString();
    }

    String markdown(Map<String, Object> machine) {
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(machine.get("cpu")).append(", ").append(machine.get("cores")).append(" cores, load average ")
                .append(machine.get("loadAverage")).append(" at the end of the run; ").append(machine.get("jdk"))
                .append("; OpenBLAS core ").append(machine.get("openblasCore")).append(", oneDNN ISA ")
                .append(machine.get("onednnIsa")).append("; ").append(machine.get("mode")).append(" mode, ")
                .append(machine.get("date")).append(".\n");
        if (!capacity.isEmpty()) {
            sb.append("Capacity (cores really available, two busy threads against one) between the parts: ");
            String sep = "";
            for (Object o : capacity) {
                Map<?, ?> c = (Map<?, ?>) o;
                sb.append(sep).append(c.get("at")).append(' ').append(c.get("cores_available")).append(" (load ")
                        .append(c.get("loadavg")).append(')');
                sep = "; ";
            }
            sb.append(".\n");
        }
        for (String peer : peers) {
            sb.append("Peer ").append(label(peer)).append(": ").append(describe(peerInfo.get(peer))).append(".\n");
        }
        checks.forEach((peer, list) -> {
            List<String> bad = list.stream().filter(c -> c.contains("MISMATCH")).toList();
            sb.append("Checked against PyTorch (batch-1 output, first SGD losses), ").append(label(peer)).append(": ")
                    .append(bad.isEmpty() ? "all " + list.size() + " runs agree" : String.join("; ", bad)).append(".\n");
        });
        sb.append("\nms per call, median (min-max) over the measured iterations, at each implementation's better thread "
                + "count (@1t, @2t); best peer = the fastest peer on that figure; ratio = Gatun's time / the best peer's "
                + "(below 1: Gatun faster than every peer).\n\n");
        List<String> impls = new ArrayList<>(backends);
        impls.addAll(peers);
        sb.append("| model | figure | optimizer |");
        for (String impl : impls) {
            sb.append(' ').append(backends.contains(impl) ? "Gatun " + impl : label(impl)).append(" |");
        }
        sb.append(" best peer |");
        for (String b : backends) {
            sb.append(" ratio ").append(b).append(" |");
        }
        sb.append("\n|---|---|---|").append("---|".repeat(impls.size() + 1 + backends.size())).append('\n');
        Map<Key, Map<String, Double>> ratios = ratios();
        Map<Key, String> bestPeers = bestPeers();
        rows.forEach((key, byImpl) -> {
            sb.append("| ").append(key.model).append(" | ").append(key.figure).append(" | ").append(key.optimizer).append(" |");
            for (String impl : impls) {
                Map<Integer, Figure> byThreads = byImpl.get(impl);
                sb.append(' ');
                if (byThreads != null && !byThreads.isEmpty()) {
                    int t = bestThreads(byThreads);
                    sb.append(byThreads.get(t).cell()).append(" @").append(t).append('t');
                }
                sb.append(" |");
            }
            String peer = bestPeers.get(key);
            sb.append(' ').append(peer == null ? "" : label(peer)).append(" |");
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
        Map<Key, String> bestPeers = bestPeers();
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
            row.put("bestPeer", bestPeers.getOrDefault(key, ""));
            row.put("ratioToBestPeer", ratios.getOrDefault(key, Map.of()));
            out.add(row);
        });
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine);
        doc.put("capacity", capacity);
        doc.put("checks", checks);
        doc.put("peers", peerInfo);
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
