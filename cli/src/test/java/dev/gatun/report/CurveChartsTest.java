package dev.gatun.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The chart model of --plot: which panels, series and axes a classification run, a sequence run and a sweep get. */
class CurveChartsTest {
    @TempDir
    Path dir;

    private static final double NA = Double.NaN;

    /** A run of {@code epochs} epochs; accuracy NaN for a model without it; validation NaN without validation rows. */
    private static TrainResult run(String model, int epochs, boolean accuracy, boolean validation, double lossScale) {
        List<EpochMetrics> h = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            double loss = lossScale / e;
            h.add(new EpochMetrics(e, loss, accuracy ? 1 - 0.4 / e : NA, validation ? 1.1 * loss : NA,
                    accuracy && validation ? 1 - 0.5 / e : NA, 100, 0.1));
        }
        return new TrainResult(model, "spirals", "java", 1, h, epochs, false, 100L * epochs, 0.1 * epochs,
                validation ? 1.1 * lossScale / epochs : NA, accuracy && validation ? 0.9 : NA, Map.of());
    }

    /** Per-step losses as a trainer reports them: {@code batches} batches of 10 rows per epoch. */
    private static StepLosses steps(TrainResult r, int batches) {
        StepLosses steps = new StepLosses();
        steps.start(r.model(), r.epochs(), 10L * batches);
        for (EpochMetrics m : r.history()) {
            for (int b = 1; b <= batches; b++) {
                steps.step(m.epoch(), 10L * b, m.trainLoss());
            }
        }
        return steps;
    }

    private static List<String> titles(CurveCharts.Figure f) {
        return f.panels().stream().map(XYChart::getTitle).toList();
    }

    /** The series a reader sees: in the legend, drawn (XChart's tick guard is neither). */
    private static List<XYSeries> drawn(XYChart c) {
        return c.getSeriesMap().values().stream().filter(XYSeries::isEnabled).toList();
    }

    private static List<String> names(XYChart c) {
        return drawn(c).stream().map(XYSeries::getName).toList();
    }

    @Test
    void classificationRunHasLossOnALogAxisAndAccuracy() {
        TrainResult r = run("mlp 2-8-2 relu", 5, true, true, 0.7);
        CurveCharts.Figure f = CurveCharts.of(r, steps(r, 4));
        assertEquals("mlp 2-8-2 relu on spirals, backend java", f.title());
        assertEquals(List.of("loss", "accuracy"), titles(f));

        XYChart loss = f.panels().get(0);
        assertEquals(List.of("train, per step", "validation, per epoch"), names(loss));
        assertEquals(20, drawn(loss).get(0).getXData().length, "a point per step");
        assertEquals(5, drawn(loss).get(1).getXData().length, "a point per epoch");
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        assertEquals("epoch", loss.getXAxisTitle());
        assertEquals(0.0, loss.getStyler().getXAxisMin());
        assertEquals(5.0, loss.getStyler().getXAxisMax());

        XYChart accuracy = f.panels().get(1);
        assertEquals(List.of("train", "validation"), names(accuracy));
        assertFalse(accuracy.getStyler().isYAxisLogarithmic());
        assertEquals(0.0, accuracy.getStyler().getYAxisMin());
        assertEquals(1.0, accuracy.getStyler().getYAxisMax());
        assertEquals("0%", accuracy.getStyler().getYAxisDecimalPattern());
    }

    @Test
    void sequenceRunWithoutAccuracyHasTheLossPanelOnly() {
        TrainResult r = run("lstm 64 forecaster", 10, false, true, 0.3);
        CurveCharts.Figure f = CurveCharts.of(r, steps(r, 3));
        assertEquals(List.of("loss"), titles(f), "no empty accuracy panel");
        assertEquals(List.of("train, per step", "validation, per epoch"), names(f.panels().get(0)));
    }

    @Test
    void oneEpochIsACurveOfItsStepsAndOneValidationPoint() {
        TrainResult r = run("lstm 64 forecaster", 1, false, true, 0.3);
        XYChart loss = CurveCharts.of(r, steps(r, 25)).panels().get(0);
        assertEquals(25, drawn(loss).get(0).getXData().length);
        assertEquals(1, drawn(loss).get(1).getXData().length);
        assertEquals(1.0, drawn(loss).get(1).getXData()[0], "validation at the end of its epoch");
    }

    @Test
    void manyStepsAreMergedAndSaySo() {
        TrainResult r = run("mlp 2-8-2 relu", 100, true, true, 0.7);
        XYChart loss = CurveCharts.of(r, steps(r, 40)).panels().get(0);
        XYSeries train = drawn(loss).get(0);
        assertTrue(train.getXData().length <= CurveCharts.STEP_POINTS, "at most " + CurveCharts.STEP_POINTS);
        assertEquals("train, mean of 5 steps", train.getName());
    }

    @Test
    void withoutValidationRowsThereIsNoValidationSeries() {
        TrainResult r = run("mlp 2-8-2 relu", 3, true, false, 0.7);
        CurveCharts.Figure f = CurveCharts.of(r, steps(r, 2));
        assertEquals(List.of("train, per step"), names(f.panels().get(0)));
        assertEquals(List.of("train"), names(f.panels().get(1)));
    }

    @Test
    void aRunWithoutAStepRecordDrawsItsEpochMeans() {
        TrainResult r = run("mlp 2-8-2 relu", 3, true, true, 0.7);
        XYChart loss = CurveCharts.of(r, new StepLosses()).panels().get(0);
        assertEquals(List.of("train, per epoch", "validation, per epoch"), names(loss));
    }

    @Test
    void aZeroLossKeepsTheAxisLinearAndSaysWhy() {
        // The perceptron's loss is its mistake rate: an error-free epoch is 0, which a log axis cannot show.
        List<EpochMetrics> h = List.of(new EpochMetrics(1, 0.25, 0.75, 0.2, 0.8, 4, 0.1),
                new EpochMetrics(2, 0, 1, 0, 1, 4, 0.1));
        TrainResult r = new TrainResult("perceptron 2-2 step", "and", "none", 1, h, 2, false, 8, 0.2, 0, 1, Map.of());
        XYChart loss = CurveCharts.of(r, new StepLosses()).panels().get(0);
        assertFalse(loss.getStyler().isYAxisLogarithmic());
        assertEquals(CurveCharts.LINEAR_LOSS, loss.getYAxisTitle());
        assertEquals("#,##0.###", loss.getStyler().getYAxisDecimalPattern(), "ticks 0.05 or 0.025 apart, and the 0 before them");
    }

    @Test
    void aLossThatFallsOverDecadesToZeroStaysLogWithoutTheZeros() {
        // xor: the cross-entropy falls from 0.7 to 1e-6 and some batches round to 0 in float.
        List<EpochMetrics> h = List.of(new EpochMetrics(1, 0.7, 0.5, 0.01, 1, 4, 0.1),
                new EpochMetrics(2, 1e-4, 1, 0, 1, 4, 0.1), new EpochMetrics(3, 0, 1, 1e-6, 1, 4, 0.1));
        TrainResult r = new TrainResult("mlp 2-8-2 relu", "xor", "java", 1, h, 3, false, 12, 0.3, 1e-6, 1, Map.of());
        XYChart loss = CurveCharts.of(r, new StepLosses()).panels().get(0);
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        assertEquals(CurveCharts.LOG_WITHOUT_ZEROS, loss.getYAxisTitle());
        assertEquals(List.of(1.0, 2.0), java.util.Arrays.stream(drawn(loss).get(0).getXData()).boxed().toList());
        assertEquals(List.of(1.0, 3.0), java.util.Arrays.stream(drawn(loss).get(1).getXData()).boxed().toList());
    }

    @Test
    void anAccuracyThatNeverMovesStillGetsTheWholeScaleOfTicks() {
        List<EpochMetrics> h = List.of(new EpochMetrics(1, 0.1, 1, 0.1, 1, 4, 0.1), new EpochMetrics(2, 0.05, 1, 0.05, 1, 4, 0.1));
        TrainResult r = new TrainResult("perceptron 2-2 step", "linear", "none", 1, h, 2, false, 8, 0.2, 0.05, 1, Map.of());
        XYSeries guard = CurveCharts.of(r, new StepLosses()).panels().get(1).getSeriesMap().get(CurveCharts.TICK_GUARD);
        double[] y = guard.getYData().clone();
        java.util.Arrays.sort(y);
        assertEquals(0.0, y[0], "the guard reaches the axis' fixed 0");
        assertEquals(1.0, y[2]);
    }

    @Test
    void aLossWithinOneDecadeGetsTwoLabelledPowersOfTen() {
        // 0.5 / e over 10 epochs with validation at 1.1x: 0.05 to 0.55, only 0.1 inside; 1 is nearer than 0.01.
        TrainResult r = run("lstm 64 forecaster", 10, false, true, 0.5);
        XYChart loss = CurveCharts.of(r, new StepLosses()).panels().get(0);
        assertTrue(loss.getStyler().isYAxisLogarithmic());
        assertEquals(1.0, loss.getStyler().getYAxisMax(), 1e-12);
        assertNull(loss.getStyler().getYAxisMin(), "the lower end stays where the data is");

        TrainResult low = run("lstm 64 forecaster", 10, false, true, 0.25); // 0.025 to 0.275: 0.01 is nearer than 1
        XYChart lowLoss = CurveCharts.of(low, new StepLosses()).panels().get(0);
        assertEquals(0.01, lowLoss.getStyler().getYAxisMin(), 1e-12);
        assertNull(lowLoss.getStyler().getYAxisMax());

        TrainResult wide = run("mlp 2-8-2 relu", 100, true, true, 2); // 0.02 to 2.2: 0.1 and 1 inside
        XYChart wideLoss = CurveCharts.of(wide, new StepLosses()).panels().get(0);
        assertNull(wideLoss.getStyler().getYAxisMax());
        assertNull(wideLoss.getStyler().getYAxisMin());
    }

    @Test
    void aRunWithNothingFiniteStillDrawsItsEmptyLossPanel() throws IOException {
        // A run that diverged at once (--stop-on-nan off): nothing to draw, but --plot must not fail.
        List<EpochMetrics> h = List.of(new EpochMetrics(1, NA, NA, NA, NA, 4, 0.1));
        TrainResult r = new TrainResult("mlp 2-8-2 relu", "xor", "java", 1, h, 1, false, 4, 0.1, NA, NA, Map.of());
        StepLosses steps = new StepLosses();
        steps.start(r.model(), 1, 4);
        steps.step(1, 4, Double.POSITIVE_INFINITY);
        CurveCharts.Figure f = CurveCharts.of(r, steps);
        assertEquals(List.of("loss"), titles(f));
        assertTrue(f.panels().get(0).getSeriesMap().isEmpty());
        Path png = dir.resolve("nothing.png");
        CurvePlot.write(png, f);
        assertEquals(CurveCharts.PANEL_WIDTH, ImageIO.read(png.toFile()).getWidth());
    }

    @Test
    void theTickGuardIsHiddenAndInsideTheData() {
        TrainResult r = run("mlp 2-8-2 relu", 5, true, true, 0.7);
        XYChart loss = CurveCharts.of(r, steps(r, 1)).panels().get(0);
        XYSeries guard = loss.getSeriesMap().get(CurveCharts.TICK_GUARD);
        assertNotNull(guard);
        assertFalse(guard.isEnabled() || guard.isShowInLegend());
        for (double x : guard.getXData()) {
            assertTrue(x >= 0 && x <= 5, "x " + x);
        }
        // The data spans 0.14 to 0.77, inside the axis' 0.1 to 1 (two powers of ten for the labels).
        assertEquals(0.1, loss.getStyler().getYAxisMin(), 1e-12);
        assertEquals(1.0, loss.getStyler().getYAxisMax(), 1e-12);
        double lo = 0.1, hi = 1;
        for (double y : guard.getYData()) {
            assertTrue(y >= lo - 1e-12 && y <= hi + 1e-12, "y " + y);
        }
    }

    private static List<CurveCharts.Run> sweepRuns(boolean accuracy) {
        List<CurveCharts.Run> runs = new ArrayList<>();
        int[] hidden = {8, 16, 32};
        for (int i = 0; i < hidden.length; i++) {
            TrainResult r = run("mlp 2-" + hidden[i] + "-2 relu", 4 + i, accuracy, true, 0.5 + i);
            runs.add(new CurveCharts.Run("hidden " + hidden[i], r, steps(r, 3)));
        }
        return runs;
    }

    @Test
    void sweepHasEveryRunOnEveryPanelAndNamesTheBest() {
        CurveCharts.Figure f = CurveCharts.sweep("sweep: best hidden 16", sweepRuns(true), 1);
        assertEquals("sweep: best hidden 16", f.title());
        assertEquals(List.of("training loss", "validation loss", "validation accuracy"), titles(f));
        for (XYChart c : f.panels()) {
            assertEquals(List.of("hidden 8", "hidden 16 (best)", "hidden 32"), names(c), c.getTitle());
            assertEquals(6.0, c.getStyler().getXAxisMax(), "the longest run sets the epoch axis");
        }
        assertTrue(f.panels().get(0).getStyler().isYAxisLogarithmic());
        assertTrue(f.panels().get(1).getStyler().isYAxisLogarithmic());
        XYSeries best = drawn(f.panels().get(0)).get(1), other = drawn(f.panels().get(0)).get(0);
        assertTrue(best.getLineStyle().getLineWidth() > other.getLineStyle().getLineWidth(), "the best is bolder");
        assertEquals(List.of(false, false, true), f.panels().stream().map(c -> c.getStyler().isLegendVisible()).toList(),
                "one legend: a run has one colour on every panel");
        assertEquals(drawn(f.panels().get(0)).get(2).getLineColor(), drawn(f.panels().get(2)).get(2).getLineColor());
    }

    @Test
    void sweepOfRunsWithoutAccuracyHasNoAccuracyPanel() {
        CurveCharts.Figure f = CurveCharts.sweep("sweep", sweepRuns(false), 0);
        assertEquals(List.of("training loss", "validation loss"), titles(f));
        assertEquals(List.of("hidden 8 (best)", "hidden 16", "hidden 32"), names(f.panels().get(1)));
    }

    @Test
    void sweepKeepsRepeatedSettingsApartAndRefusesAMissingBest() {
        List<CurveCharts.Run> runs = sweepRuns(true);
        runs.add(runs.get(0));
        assertEquals(List.of("hidden 8", "hidden 16", "hidden 32 (best)", "hidden 8 #2"),
                names(CurveCharts.sweep("sweep", runs, 2).panels().get(0)));
        assertThrows(IllegalArgumentException.class, () -> CurveCharts.sweep("sweep", runs, 4));
        assertThrows(IllegalArgumentException.class, () -> CurveCharts.sweep("sweep", List.of(), 0));
    }

    @Test
    void pngIsWrittenAtomicallyDecodesAndHasAPanelWidthPerPanel() throws IOException {
        Path png = dir.resolve("sweep.png");
        CurvePlot.write(png, CurveCharts.sweep("sweep", sweepRuns(true), 1));
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG ImageIO reads");
        assertEquals(3 * CurveCharts.PANEL_WIDTH, img.getWidth());
        assertEquals(CurvePlot.TITLE_HEIGHT + CurveCharts.PANEL_HEIGHT, img.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left");
        }
    }
}
