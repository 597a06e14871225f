package dev.gatun.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A JVM peer's command line and its results file, in the shape {@code SuiteReport} reads for every
 * peer: {@code {"peer": .., "info": {..}, "results": [{"model", "optimizer", "threads",
 * "train_step_ms"?, "infer_batch1_ms"?, "check"}]}}.
 *
 * <pre>
 * --models-dir DIR --models mlp,cnn --threads 1,2 --optimizers sgd --calls 20 --repeats 5 --warmup 30 [--budget 8] --json out.json
 * </pre>
 * {@code --budget}: seconds one figure may take about (see {@link Timing}); none by default.
 */
public final class PeerRun {
    public final PeerModels models;
    public final List<String> modelNames, optimizers;
    public final List<Integer> threads;
    public final int calls, repeats, warmup;
    public final double budget;
    private final Path json;
    private final String peer;
    private final Map<String, String> info = new LinkedHashMap<>();
    private final List<String> results = new ArrayList<>();

    public PeerRun(String peer, String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        this.peer = peer;
        models = new PeerModels(Path.of(a.getOrDefault("models-dir", "bench/target/peers/models")));
        modelNames = PeerModels.list(a.getOrDefault("models", "mlp,cnn,lstm,gru,transformer"));
        optimizers = PeerModels.list(a.getOrDefault("optimizers", "sgd"));
        threads = PeerModels.list(a.getOrDefault("threads", "1,2")).stream().map(Integer::parseInt).toList();
        calls = Integer.parseInt(a.getOrDefault("calls", "20"));
        repeats = Integer.parseInt(a.getOrDefault("repeats", "5"));
        warmup = Integer.parseInt(a.getOrDefault("warmup", "30"));
        budget = Double.parseDouble(a.getOrDefault("budget", "0"));
        json = a.containsKey("json") ? Path.of(a.get("json")) : null;
    }

    /** Times {@code call} by the suite's rule with this run's repeats, warm-up and budget. */
    public Timing.Stats measure(Timing.Call call, int calls) throws Exception {
        return Timing.measure(call, calls, repeats, warmup, budget);
    }

    public void info(String key, String value) {
        info.put(key, value);
    }

    /** One result row; {@code train} or {@code infer} may be null, {@code check} says how the outputs compared. */
    public void result(String model, String optimizer, int threads, Timing.Stats train, Timing.Stats infer, String check) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"model\": ").append(quote(model)).append(", \"optimizer\": ").append(quote(optimizer))
                .append(", \"threads\": ").append(threads);
        if (train != null) {
            sb.append(", \"train_step_ms\": ").append(train.json());
        }
        if (infer != null) {
            sb.append(", \"infer_batch1_ms\": ").append(infer.json());
        }
        sb.append(", \"check\": ").append(quote(check)).append('}');
        results.add(sb.toString());
        System.out.printf(Locale.ROOT, "%-12s %-5s %d thread(s):%s%s  [%s]%n", model, optimizer, threads,
                train == null ? "" : String.format(Locale.ROOT, " train step %.3f ms (min %.3f, max %.3f)", train.median(), train.min(), train.max()),
                infer == null ? "" : String.format(Locale.ROOT, " batch-1 %.3f ms (p50 %.3f, p99 %.3f)", infer.median(), infer.p50(), infer.p99()),
                check);
    }

    /** Writes the results file (when --json was given). */
    public void write() throws IOException {
        if (json == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("{\"peer\": ").append(quote(peer)).append(",\n \"info\": {");
        String sep = "";
        for (var e : info.entrySet()) {
            sb.append(sep).append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
            sep = ", ";
        }
        sb.append("},\n \"results\": [\n  ").append(String.join(",\n  ", results)).append("\n ]}\n");
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Files.writeString(json, sb.toString());
    }

    /** "ok, max |diff| ..." when every value is within atol + rtol * |reference|, else "MISMATCH ...". */
    public static String compare(String what, float[] got, float[] ref, double atol, double rtol) {
        if (got.length != ref.length) {
            return "MISMATCH " + what + ": " + got.length + " values against PyTorch's " + ref.length;
        }
        double worst = 0;
        boolean ok = true;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(got[i] - ref[i]);
            worst = Math.max(worst, d);
            ok &= d <= atol + rtol * Math.abs(ref[i]);
        }
        return String.format(Locale.ROOT, "%s %s, max |diff| %.2g against PyTorch", ok ? "ok" : "MISMATCH", what, worst);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
