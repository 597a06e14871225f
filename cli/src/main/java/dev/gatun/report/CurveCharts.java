package dev.gatun.report;

import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the curves, as XChart models (drawn by {@link CurvePlot}). The x axis is in
 * epochs everywhere: training loss per step (a point per step, or the mean of a few when there
 * are many), validation per epoch at the epoch's end. Loss is on a log axis when every value is
 * positive. A panel is made only when the run has its numbers: no accuracy panel for a
 * regression or sequence model that has no accuracy.
 */
public final class CurveCharts {
    static final int PANEL_WIDTH = 560, PANEL_HEIGHT = 400;
    /** A single run's step curve: about two points per horizontal pixel of the plot at most. */
    static final int STEP_POINTS = 800;
    /** A sweep draws several step curves on one panel: fewer points each keeps them apart. */
    static final int SWEEP_STEP_POINTS = 200;
    /** Up to this many epochs a per-epoch curve has a dot per epoch; beyond, the dots would hide the line. */
    static final int MARKED_EPOCHS = 30;
    /** The name of the hidden series that keeps XChart's ticks round (see {@link #roundTicks}). */
    static final String TICK_GUARD = "tick guard";
    /** The loss axis title when a value at or below zero (a perceptron's error-free step) rules out the log scale. */
    static final String LINEAR_LOSS = "loss (linear: some values are 0 or less)";
    /** The loss axis title when zeros were left out of a log axis: the rest spans decades, the zeros cannot be drawn. */
    static final String LOG_WITHOUT_ZEROS = "loss (log: values of 0 or less left out)";

    private static final Color[] PALETTE = { // matplotlib's tab10: apart for most colour vision
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final Color TRAIN = PALETTE[0], VALIDATION = PALETTE[1];

    private CurveCharts() {}

    /** A figure: a title above panels side by side. */
    public record Figure(String title, List<XYChart> panels) {
        public Figure {
            panels = List.copyOf(panels);
        }
    }

    /** One run of a sweep: its label (the setting that differs, e.g. {@code hidden 32}), result and recorded steps. */
    public record Run(String label, TrainResult result, StepLosses steps) {}

    /** A run's curves: loss (training per step, validation per epoch), and accuracy when the run has it. */
    public static Figure of(TrainResult r, StepLosses steps) {
        double epochs = Math.max(1, r.epochs());
        List<EpochMetrics> h = r.history();
        List<XYChart> panels = new ArrayList<>();

        XYChart loss = panel("loss", "loss", epochs);
        StepLosses.Series s = steps.points(STEP_POINTS);
        if (s.x().length > 0) {
            line(loss, s.stepsPerPoint() == 1 ? "train, per step" : "train, mean of " + s.stepsPerPoint() + " steps",
                    s.x(), s.y(), TRAIN, 1.2f, false);
        } else { // a result without a step record (a run made elsewhere): its epoch means
            perEpoch(loss, "train, per epoch", h, EpochMetrics::trainLoss, TRAIN, 1.6f);
        }
        perEpoch(loss, "validation, per epoch", h, EpochMetrics::valLoss, VALIDATION, 2f);
        panels.add(roundTicks(lossAxis(loss)));

        if (any(h, EpochMetrics::trainAccuracy) || any(h, EpochMetrics::valAccuracy)) {
            XYChart accuracy = accuracyPanel("accuracy", epochs);
            perEpoch(accuracy, "train", h, EpochMetrics::trainAccuracy, TRAIN, 2f);
            perEpoch(accuracy, "validation", h, EpochMetrics::valAccuracy, VALIDATION, 2f);
            panels.add(roundTicks(accuracy));
        }
        return new Figure(r.model() + " on " + r.data() + ", backend " + r.backend(), panels);
    }

    /**
     * A sweep's curves, one series per run in the same colour on every panel, the run at
     * {@code best} drawn bolder and named so: training loss per step, and validation loss and
     * accuracy per epoch when the runs have them.
     */
    public static Figure sweep(String title, List<Run> runs, int best) {
        if (runs.isEmpty() || best < 0 || best >= runs.size()) {
            throw new IllegalArgumentException("CurveCharts.sweep: best run " + best + " of " + runs.size() + " runs");
        }
        double epochs = runs.stream().mapToInt(r -> r.result().epochs()).max().orElse(1);
        epochs = Math.max(1, epochs);
        boolean anyValLoss = runs.stream().anyMatch(r -> any(r.result().history(), EpochMetrics::valLoss));
        boolean anyValAccuracy = runs.stream().anyMatch(r -> any(r.result().history(), EpochMetrics::valAccuracy));
        XYChart train = panel("training loss", "loss", epochs);
        XYChart valLoss = anyValLoss ? panel("validation loss", "loss", epochs) : null;
        XYChart valAccuracy = anyValAccuracy ? accuracyPanel("validation accuracy", epochs) : null;
        Set<String> names = new HashSet<>();
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            String name = unique(names, run.label() + (i == best ? " (best)" : ""));
            Color color = PALETTE[i % PALETTE.length];
            float width = i == best ? 3f : 1.3f;
            StepLosses.Series s = run.steps().points(SWEEP_STEP_POINTS);
            if (s.x().length > 0) {
                line(train, name, s.x(), s.y(), color, width, false);
            } else {
                perEpoch(train, name, run.result().history(), EpochMetrics::trainLoss, color, width);
            }
            if (valLoss != null) {
                perEpoch(valLoss, name, run.result().history(), EpochMetrics::valLoss, color, width);
            }
            if (valAccuracy != null) {
                perEpoch(valAccuracy, name, run.result().history(), EpochMetrics::valAccuracy, color, width);
            }
        }
        List<XYChart> panels = new ArrayList<>();
        panels.add(roundTicks(lossAxis(train)));
        if (valLoss != null) {
            panels.add(roundTicks(lossAxis(valLoss)));
        }
        if (valAccuracy != null) {
            panels.add(roundTicks(valAccuracy));
        }
        for (int i = 0; i < panels.size() - 1; i++) { // a run has one colour on every panel: one legend says it
            panels.get(i).getStyler().setLegendVisible(false);
        }
        return new Figure(title, panels);
    }

    private static XYChart panel(String title, String yTitle, double epochs) {
        XYChart c = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        var st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotGridLinesColor(new Color(0xe4e4e4));
        st.setPlotBorderColor(new Color(0x999999));
        st.setLegendBorderColor(new Color(0xcccccc));
        st.setLegendPosition(Styler.LegendPosition.InsideSW); // a falling loss leaves the lower left empty
        st.setXAxisMin(0.0);
        st.setXAxisMax(epochs);
        st.setXAxisDecimalPattern("#,##0.##");
        st.setAntiAlias(true);
        return c;
    }

    private static XYChart accuracyPanel(String title, double epochs) {
        XYChart c = panel(title, "accuracy", epochs);
        var st = c.getStyler();
        st.setYAxisMin(0.0); // accuracy reads best on the whole 0..100% scale
        st.setYAxisMax(1.0);
        st.setYAxisDecimalPattern("0%");
        st.setLegendPosition(Styler.LegendPosition.InsideSE); // where rising curves rarely are
        return c;
    }

    /** Adds the per-epoch values of {@code f} at x = epoch, with markers (one epoch is one dot). */
    private static void perEpoch(XYChart c, String name, List<EpochMetrics> h, ToDoubleFunction<EpochMetrics> f,
                                 Color color, float width) {
        double[] x = new double[h.size()], y = new double[h.size()];
        for (int i = 0; i < h.size(); i++) {
            x[i] = h.get(i).epoch();
            y[i] = f.applyAsDouble(h.get(i));
        }
        line(c, name, x, y, color, width, h.size() <= MARKED_EPOCHS);
    }

    /** Adds a series of its finite points; none means no series (and no legend entry). */
    private static void line(XYChart c, String name, double[] x, double[] y, Color color, float width, boolean markers) {
        int n = 0;
        double[] fx = new double[x.length], fy = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                fx[n] = x[i];
                fy[n++] = y[i];
            }
        }
        if (n == 0) {
            return;
        }
        XYSeries s = c.addSeries(name, java.util.Arrays.copyOf(fx, n), java.util.Arrays.copyOf(fy, n));
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(color);
    }

    /** A log loss axis when every value is positive (a log axis cannot show 0); linear, and saying so, otherwise. */
    private static XYChart lossAxis(XYChart c) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        boolean zeros = false;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double v : s.getYData()) {
                zeros |= v <= 0;
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (c.getSeriesMap().isEmpty()) {
            return c;
        }
        if (!zeros) {
            c.getStyler().setYAxisLogarithmic(true);
            wholeDecades(c);
        } else if (hi >= 10 * lo) {
            // A loss that falls over decades and then to 0 (float underflow on xor): the fall is the
            // story, a linear axis would flatten it into the floor.
            leaveOutNonPositive(c);
            c.getStyler().setYAxisLogarithmic(true);
            c.setYAxisTitle(LOG_WITHOUT_ZEROS);
            wholeDecades(c);
        } else { // mostly zeros and a few small values (a perceptron's mistake rate): linear shows them
            c.setYAxisTitle(LINEAR_LOSS);
            c.getStyler().setYAxisDecimalPattern(decimals(hi));
        }
        return c;
    }

    private static void leaveOutNonPositive(XYChart c) {
        for (String name : List.copyOf(c.getSeriesMap().keySet())) {
            XYSeries s = c.getSeriesMap().get(name);
            double[] x = s.getXData().clone(), y = s.getYData().clone(); // XChart hands out its own arrays
            int n = 0;
            for (int i = 0; i < y.length; i++) {
                if (y[i] > 0) {
                    x[n] = x[i];
                    y[n++] = y[i];
                }
            }
            if (n == 0) {
                c.removeSeries(name);
            } else if (n < y.length) {
                c.updateXYSeries(name, java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n), null);
            }
        }
    }

    /**
     * A tick label pattern with the decimals of ticks about a fifth of {@code hi} apart, one more
     * for a step of 2.5 (the extra {@code #} shows nothing when not needed); XChart's own
     * pattern drops the leading zero (".08").
     */
    private static String decimals(double hi) {
        int places = hi > 0 ? (int) Math.max(0, Math.min(8, 1 - Math.floor(Math.log10(hi / 5)))) : 1;
        return places == 0 ? "#,##0" : "#,##0." + "#".repeat(places);
    }

    /**
     * XChart labels a log axis at powers of ten only: a loss within one decade (0.03 to 0.35)
     * would show one label, or none. Then the axis reaches to the nearest power of ten on the
     * side closer to the data (0.03 to 1), or to the powers around it when none is inside
     * (0.2 to 0.7 on 0.1 to 1), so two labels give the scale.
     */
    private static void wholeDecades(XYChart c) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double v : s.getYData()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (Math.floor(Math.log10(hi)) - Math.ceil(Math.log10(lo)) >= 1) {
            return; // two powers of ten inside the data already
        }
        double inside = Math.ceil(Math.log10(lo));
        if (inside <= Math.floor(Math.log10(hi))) { // one power of ten inside: add the nearer neighbour
            double up = Math.pow(10, inside + 1), down = Math.pow(10, inside - 1);
            if (up / hi < lo / down) {
                c.getStyler().setYAxisMax(up);
            } else {
                c.getStyler().setYAxisMin(down);
            }
        } else { // none inside: the decade around the data
            c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lo))));
            c.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(hi))));
        }
    }

    /**
     * XChart 3.8 puts the ticks on the data values themselves when all the x (or y) values of a
     * chart are equally spaced, which per-epoch curves always are: 90 epochs got a label every 4
     * epochs, two values got ticks at exactly those two. A hidden series (not drawn, not in the
     * legend) adds three points inside the data's range that break the spacing, so the usual
     * round 1-2-5 ticks are chosen. It neither widens the axes nor reaches the picture.
     */
    private static XYChart roundTicks(XYChart c) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double v : s.getYData()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return c; // no data: XChart's empty-chart axes
        }
        // A fixed axis end (accuracy's 0 and 1): the guard spans it, or all-equal values would leave
        // XChart nothing to space its ticks by.
        if (c.getStyler().getYAxisMin() != null) {
            lo = Math.min(lo, c.getStyler().getYAxisMin());
        }
        if (c.getStyler().getYAxisMax() != null) {
            hi = Math.max(hi, c.getStyler().getYAxisMax());
        }
        double right = c.getStyler().getXAxisMax();
        XYSeries guard = c.addSeries(TICK_GUARD, new double[] {0, right / 3, right / 7},
                new double[] {lo, hi, lo + (hi - lo) / 3});
        guard.setEnabled(false);
        guard.setShowInLegend(false);
        guard.setMarker(SeriesMarkers.NONE);
        return c;
    }

    private static boolean any(List<EpochMetrics> h, ToDoubleFunction<EpochMetrics> f) {
        return h.stream().anyMatch(m -> Double.isFinite(f.applyAsDouble(m)));
    }

    /** XChart refuses a series name twice: a repeated sweep setting gets a number. */
    private static String unique(Set<String> used, String name) {
        String n = name;
        for (int k = 2; !used.add(n); k++) {
            n = name + " #" + k;
        }
        return n;
    }
}
