package dev.gatun.cli;

import dev.gatun.cli.models.TrainConfig;
import dev.gatun.cli.models.Training;
import dev.gatun.report.CurveCharts;
import dev.gatun.report.CurvePlot;
import dev.gatun.report.MetricsJson;
import dev.gatun.report.StepLosses;
import dev.gatun.train.TrainResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gatun sweep mlp --hidden 8,16,32,64}: the course's way of choosing a hidden layer's
 * size. One model per candidate, each with a single hidden layer of that size and otherwise
 * the same options and seed (learning rate 0.03 unless --lr says otherwise); the table shows each one's validation accuracy and the best wins
 * (ties go to the lower validation loss, then to the smaller layer).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one mlp per hidden layer size and pick the best by validation accuracy.",
                "Example: gatun sweep mlp --hidden 8,16,32,64 --data moons"})
final class SweepCommand implements Callable<Integer> {
    static final int[] DEFAULT_CANDIDATES = {8, 16, 32, 64};
    /** A single hidden layer needs a bolder step than the default two to wind around the spirals in 100 epochs. */
    static final float DEFAULT_LR = 0.03f;

    @Parameters(index = "0", paramLabel = "MODEL", description = "mlp (the model with a hidden size to choose).")
    String model;

    @Mixin
    TrainOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!model.equals("mlp")) {
            throw new IllegalArgumentException("sweep: only mlp has a hidden layer size to choose, not '" + model + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        int[] candidates = options.hidden == null ? DEFAULT_CANDIDATES : options.hidden;
        TrainConfig base = Usage.config(spec, options, model);
        InputsAndOutputs.forTraining(spec, options).check();
        if (options.lr == null) {
            base = base.toBuilder().lr(DEFAULT_LR).build();
        }
        out.printf("sweep: one hidden layer of %s units on %s, seed %d%n", join(candidates), base.data(), base.seed());
        out.printf("%8s  %9s  %8s  %10s  %6s  %7s  %7s%n", "hidden", "val acc", "val loss", "train loss", "epochs", "seconds",
                "threads");
        out.flush();
        List<Training.Run> runs = new ArrayList<>();
        try {
            sweep(out, base, candidates, runs);
        } finally {
            runs.forEach(Training.Run::close); // frees every candidate's parameters
        }
        out.flush();
        return 0;
    }

    private void sweep(PrintWriter out, TrainConfig base, int[] candidates, List<Training.Run> runs) throws IOException {
        Training.Run best = null;
        List<CurveCharts.Run> curves = new ArrayList<>();
        for (int h : candidates) {
            StepLosses steps = new StepLosses();
            Training.Run run = Training.run(base.toBuilder().hidden(h).build(), steps);
            TrainResult r = run.result();
            out.printf(Locale.ROOT, "%8d  %9s  %8.4f  %10.4f  %6d  %7.1f  %7d%n", h, RunOutputs.percent(r.valAccuracy()),
                    r.valLoss(), r.finalTrainLoss(), r.epochs(), r.seconds(), run.threads().threads());
            out.flush();
            runs.add(run);
            curves.add(new CurveCharts.Run("hidden " + h, r, steps));
            if (best == null || better(r, best.result())) {
                best = run;
            }
        }
        int bestHidden = best.config().hidden()[0];
        out.printf("best: hidden %d, validation accuracy %s%n", bestHidden, RunOutputs.percent(best.result().valAccuracy()));
        out.printf("threads of the best: %d (%s)%n", best.threads().threads(), best.threads().reason());
        Training.Run winner = best;
        String title = String.format(Locale.ROOT, "sweep of one hidden layer's size on %s: best hidden %d (validation accuracy %s)",
                base.data(), bestHidden, RunOutputs.percent(best.result().valAccuracy()));
        CurveCharts.Figure figure = CurveCharts.sweep(title, curves, runs.indexOf(best));
        new OutputWriter(out)
                .write("--save", options.save, "weights of the best", winner::save)
                .write("--json", options.json, "metrics", f -> MetricsJson.write(f, json(base, winner, runs)))
                .write("--plot", options.plot, "curves of every run", f -> CurvePlot.write(f, figure))
                .finish();
    }

    private static Map<String, Object> json(TrainConfig base, Training.Run best, List<Training.Run> runs) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("schema_version", MetricsJson.SCHEMA_VERSION);
        json.put("sweep", "hidden");
        json.put("data", base.data());
        json.put("best_hidden", best.config().hidden()[0]);
        json.put("best_val_accuracy", best.result().valAccuracy());
        List<Object> rows = new ArrayList<>();
        for (Training.Run run : runs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("hidden", run.config().hidden()[0]);
            row.putAll(MetricsJson.of(run));
            row.remove("schema_version"); // once, at the top
            rows.add(row);
        }
        json.put("candidates", rows);
        return json;
    }

    /** Higher validation accuracy; on a tie, lower validation loss (the earlier, smaller one stays on a full tie). */
    private static boolean better(TrainResult a, TrainResult b) {
        if (a.valAccuracy() != b.valAccuracy()) {
            return a.valAccuracy() > b.valAccuracy();
        }
        return a.valLoss() < b.valLoss();
    }

    private static String join(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : i == v.length - 1 ? " or " : ", ").append(v[i]);
        }
        return sb.toString();
    }
}
