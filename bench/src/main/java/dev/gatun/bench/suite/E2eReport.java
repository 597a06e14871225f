package dev.gatun.bench.suite;

import dev.gatun.json.JsonReader;
import dev.gatun.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The end-to-end table of {@code bench/e2e}: per job, side (Gatun, PyTorch as installed, PyTorch
 * at its best) and thread count, the seconds per epoch of training (median of the epochs, with
 * min-max), training samples/s, validation seconds per epoch, the final validation loss and
 * accuracy, and the process's wall time; for Gatun also the samples/s it reports itself, which
 * must agree with the outside measurement. Reads {@code runs.tsv} (side, job, threads, wall
 * seconds, exit code) and each run's JSON beside it in {@code runs/}.
 */
public final class E2eReport {
    static final String GATUN = "gatun";
    /** How far Gatun's own samples/s may be from the outside measurement before the report flags it. */
    static final double AGREEMENT = 0.05;

    /** One process: what the bench measured from outside and what the run reported of itself. */
    record Run(String side, String job, int threads, double wallSeconds, int exit, int epochs, Figure trainSecondsPerEpoch,
               double trainSamplesPerSec, Figure valSecondsPerEpoch, double valLoss, double valAccuracy,
               double reportedSamplesPerSec, String openBlasCore) {

        /** Gatun's samples/s relative to the bench's, minus 1 (NaN for PyTorch, or without a report). */
        double disagreement() {
            return reportedSamplesPerSec / trainSamplesPerSec - 1;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job);
            m.put("side", side);
            m.put("threads", threads);
            m.put("exit", exit);
            m.put("epochs", epochs);
            m.put("train_seconds_per_epoch", trainSecondsPerEpoch == null ? null : trainSecondsPerEpoch.json());
            m.put("train_samples_per_sec", trainSamplesPerSec);
            m.put("val_seconds_per_epoch", valSecondsPerEpoch == null ? null : valSecondsPerEpoch.json());
            m.put("final_val_loss", valLoss);
            m.put("final_val_accuracy", valAccuracy);
            m.put("wall_seconds", wallSeconds);
            m.put("reported_samples_per_sec", reportedSamplesPerSec);
            m.put("openblas_core", openBlasCore);
            return m;
        }
    }

    private final List<Run> runs = new ArrayList<>();

    void add(Run run) {
        runs.add(run);
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        if (!a.containsKey("--runs") || !a.containsKey("--out")) {
            throw new IllegalArgumentException("usage: E2eReport --runs runs.tsv --out DIR [--mode quick|full]"
                    + " [--load-before L] [--load-after L] [--best-blas DIR]");
        }
        Path tsv = Path.of(a.get("--runs"));
        E2eReport r = new E2eReport();
        for (String line : Files.readAllLines(tsv)) {
            if (!line.isBlank()) {
                r.add(read(tsv.resolveSibling("runs"), line.split("\t")));
            }
        }
        Map<String, Object> machine = SuiteReport.machine(a.getOrDefault("--mode", "quick"));
        machine.remove("loadAverage");
        machine.put("loadBefore", a.getOrDefault("--load-before", "unknown"));
        machine.put("loadAfter", a.getOrDefault("--load-after", "unknown"));
        machine.put("pytorchBestBlas", a.getOrDefault("--best-blas", "system"));
        Path out = Path.of(a.get("--out"));
        Files.createDirectories(out);
        String md = r.markdown(machine);
        Files.writeString(out.resolve("results.md"), md);
        Files.writeString(out.resolve("results.json"), Json.pretty(r.json(machine)) + "\n");
        System.out.println(md);
        System.out.println("wrote " + out.resolve("results.md") + " and results.json");
    }

    /** A run from its runs.tsv line and JSON files (Gatun: TimedTrain's timing and --json; PyTorch: the twin's). */
    static Run read(Path dir, String[] f) throws IOException {
        String side = f[0], job = f[1];
        int threads = Integer.parseInt(f[2]), exit = Integer.parseInt(f[4]);
        double wall = Double.parseDouble(f[3]);
        String base = side + "-" + job + "-" + threads;
        Path timing = dir.resolve(base + (side.equals(GATUN) ? ".timing.json" : ".json"));
        if (exit != 0 || !Files.exists(timing)) {
            return new Run(side, job, threads, wall, exit, 0, null, Double.NaN, null, Double.NaN, Double.NaN, Double.NaN, "");
        }
        Map<?, ?> t = (Map<?, ?>) JsonReader.parse(Files.readString(timing));
        List<?> epochs = (List<?>) t.get("epochs");
        double[] train = column(epochs, "train_seconds"), val = column(epochs, "val_seconds");
        double rows = 0, trainTotal = 0;
        for (int i = 0; i < epochs.size(); i++) {
            rows += Figure.num(((Map<?, ?>) epochs.get(i)).get("rows"));
            trainTotal += train[i];
        }
        double valLoss, valAccuracy, reported = Double.NaN;
        if (side.equals(GATUN)) { // the final model's figures and Gatun's own samples/s come from its --json
            Map<?, ?> g = (Map<?, ?>) JsonReader.parse(Files.readString(dir.resolve(base + ".json")));
            valLoss = Figure.num(g.get("val_loss"));
            valAccuracy = Figure.num(g.containsKey("val_token_accuracy") ? g.get("val_token_accuracy") : g.get("val_accuracy"));
            reported = Figure.num(g.get("samples_per_sec"));
        } else {
            valLoss = Figure.num(t.get("val_loss"));
            valAccuracy = Figure.num(t.get("val_accuracy"));
        }
        Object core = t.get("openblas_core"), config = t.get("openblas_config");
        String blas = (core == null ? "" : core.toString())
                + (config != null && config.toString().contains("USE_OPENMP") ? " (OpenMP)" : "");
        return new Run(side, job, threads, wall, exit, epochs.size(), Figure.of(train), rows / trainTotal, Figure.of(val),
                valLoss, valAccuracy, reported, blas);
    }

    private static double[] column(List<?> epochs, String key) {
        return epochs.stream().mapToDouble(e -> Figure.num(((Map<?, ?>) e).get(key))).toArray();
    }

    String markdown(Map<String, Object> machine) {
        StringBuilder sb = new StringBuilder("# End-to-end: `gatun train` jobs against their PyTorch twins\n\n");
        sb.append(String.format(Locale.ROOT, "%s, mode %s. CPU: %s (%s cores). Load average before %s, after %s.%n",
                machine.get("date"), machine.get("mode"), machine.get("cpu"), machine.get("cores"), machine.get("loadBefore"),
                machine.get("loadAfter")));
        sb.append(String.format(Locale.ROOT, "JDK %s; Gatun's OpenBLAS %s (core %s), oneDNN %s (%s). PyTorch's OpenBLAS core: %s;"
                        + " its best set-up's BLAS: %s.%n%n", machine.get("jdk"), machine.get("openblas"), machine.get("openblasCore"),
                machine.get("onednn"), machine.get("onednnIsa"), pytorchCores(), machine.get("pytorchBestBlas")));
        sb.append("Times are seconds per epoch of training (median over the epochs, min-max), validation per epoch,"
                + " and the whole process (JVM or Python start included). Samples/s: training rows over training time."
                + " \"Gatun says\": the samples/s `gatun train` itself reports (--json), and its difference to the bench's.\n\n");
        sb.append("| job | side | threads | epochs | train s/epoch | train samples/s | val s/epoch | final val loss"
                + " | final val acc | wall s | Gatun says |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            if (r.exit != 0 || r.trainSecondsPerEpoch == null) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %d | failed (exit %d) | | | | | | %.1f | |%n", r.job, r.side,
                        r.threads, r.exit, r.wallSeconds));
                continue;
            }
            String says = r.side.equals(GATUN) ? String.format(Locale.ROOT, "%s (%+.1f%%%s)", count(r.reportedSamplesPerSec),
                    100 * r.disagreement(), Math.abs(r.disagreement()) > AGREEMENT ? ", DISAGREES" : "") : "";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %s | %s | %.4f | %s | %.1f | %s |%n", r.job, r.side,
                    r.threads, r.epochs, r.trainSecondsPerEpoch.cell(), count(r.trainSamplesPerSec),
                    Figure.ms(r.valSecondsPerEpoch.median()), r.valLoss, percent(r.valAccuracy), r.wallSeconds, says));
        }
        sb.append("\n## Gatun against PyTorch at each side's better thread count\n\n");
        sb.append("| job | Gatun train s/epoch | PyTorch (best of both set-ups) | ratio | Gatun 2 threads / 1 thread |\n");
        sb.append("|---|---|---|---|---|\n");
        for (String job : jobs()) {
            double g = best(job, true), p = best(job, false);
            double g1 = median(job, GATUN, 1), g2 = median(job, GATUN, 2);
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", job, Figure.ms(g), Figure.ms(p),
                    Double.isFinite(g / p) ? String.format(Locale.ROOT, "%.2fx", g / p) : "n/a",
                    Double.isFinite(g2 / g1) ? String.format(Locale.ROOT, "%.2f", g2 / g1) : "n/a"));
        }
        return sb.toString();
    }

    Map<String, Object> json(Map<String, Object> machine) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine);
        doc.put("pytorchOpenblasCores", pytorchCores());
        doc.put("runs", runs.stream().map(Run::json).toList());
        List<Object> ratios = new ArrayList<>();
        for (String job : jobs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", job);
            m.put("gatun_best_train_seconds_per_epoch", best(job, true));
            m.put("pytorch_best_train_seconds_per_epoch", best(job, false));
            m.put("ratio", best(job, true) / best(job, false));
            m.put("gatun_2_over_1_threads", median(job, GATUN, 2) / median(job, GATUN, 1));
            ratios.add(m);
        }
        doc.put("ratios", ratios);
        return doc;
    }

    private Set<String> jobs() {
        Set<String> jobs = new LinkedHashSet<>();
        runs.forEach(r -> jobs.add(r.job));
        return jobs;
    }

    /** The smallest median train s/epoch of Gatun ({@code gatun}) or of any PyTorch set-up, over thread counts. */
    private double best(String job, boolean gatun) {
        return runs.stream().filter(r -> r.job.equals(job) && r.side.equals(GATUN) == gatun && r.trainSecondsPerEpoch != null)
                .mapToDouble(r -> r.trainSecondsPerEpoch.median()).min().orElse(Double.NaN);
    }

    private double median(String job, String side, int threads) {
        return runs.stream().filter(r -> r.job.equals(job) && r.side.equals(side) && r.threads == threads
                && r.trainSecondsPerEpoch != null).mapToDouble(r -> r.trainSecondsPerEpoch.median()).findFirst().orElse(Double.NaN);
    }

    private String pytorchCores() {
        Map<String, Set<String>> bySide = new LinkedHashMap<>();
        runs.stream().filter(r -> !r.side.equals(GATUN) && !r.openBlasCore.isEmpty())
                .forEach(r -> bySide.computeIfAbsent(r.side, k -> new LinkedHashSet<>()).add(r.openBlasCore));
        return bySide.isEmpty() ? "n/a" : bySide.toString();
    }

    static String count(double v) {
        return !Double.isFinite(v) ? "n/a" : v >= 1e4 ? String.format(Locale.ROOT, "%.1fk", v / 1e3)
                : String.format(Locale.ROOT, "%.0f", v);
    }

    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : "n/a";
    }
}
