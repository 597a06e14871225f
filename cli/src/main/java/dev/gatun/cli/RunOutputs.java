package dev.gatun.cli;

import dev.gatun.cli.models.Training;
import dev.gatun.report.CurveCharts;
import dev.gatun.report.CurvePlot;
import dev.gatun.report.MetricsJson;
import dev.gatun.report.StepLosses;
import dev.gatun.train.TrainResult;
import java.io.IOException;
import dev.gatun.tensor.DataType;
import java.io.PrintWriter;
import java.util.Locale;

/** The lines and files a finished run ends with: summary, validation accuracy, --json, --plot, --save. */
final class RunOutputs {
    private RunOutputs() {}

    static void summarize(PrintWriter out, TrainResult r, DataType precision) {
        String stop = r.stoppedEarly() ? ", stopped early, best epoch " + r.bestEpoch() : "";
        out.printf(Locale.ROOT, "trained %s on %s: %d epochs%s, %.1f s, %s samples/s, backend %s x%d%s%n", r.model(), r.data(),
                r.epochs(), stop, r.seconds(), count(r.samplesPerSecond()), r.backend(), r.threads(),
                precision == DataType.BFLOAT16 ? ", bf16 mixed precision" : "");
        out.printf(Locale.ROOT, "final train loss %.4f, train accuracy %s%n", r.finalTrainLoss(), percent(r.finalTrainAccuracy()));
        out.printf(Locale.ROOT, "validation accuracy %s (loss %.4f)%n", percent(r.valAccuracy()), r.valLoss());
        if (!r.metrics().isEmpty()) { // the model's own metric comes last
            StringBuilder line = new StringBuilder();
            r.metrics().forEach((name, v) -> line.append(line.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.4f", name, v)));
            out.println(line);
        }
    }

    /** Writes the files the options ask for, each on its own (the weights first), and says where each went. */
    static void write(PrintWriter out, TrainOptions o, Training.Run run, StepLosses steps) throws IOException {
        new OutputWriter(out)
                .write("--save", o.save, "weights", run::save)
                .write("--json", o.json, "metrics", f -> MetricsJson.write(f, MetricsJson.of(run)))
                .write("--plot", o.plot, "curves", f -> CurvePlot.write(f, CurveCharts.of(run.result(), steps)))
                .finish();
    }

    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : "n/a";
    }

    private static String count(double v) {
        return !Double.isFinite(v) ? "n/a" : v >= 1e4 ? String.format(Locale.ROOT, "%.1fk", v / 1e3)
                : String.format(Locale.ROOT, "%.0f", v);
    }
}
