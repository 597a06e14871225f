package dev.gatun.cli.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.json.Json;
import dev.gatun.report.CurveCharts;
import dev.gatun.report.CurvePlot;
import dev.gatun.report.ProgressBar;
import dev.gatun.report.StepLosses;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainResult;
import dev.gatun.train.WeightArray;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files a run writes: the JSON metrics, the PNG curves, and the progress lines (weights: dev.gatun.checkpoint tests). */
class OutputFilesTest {
    @TempDir
    Path dir;

    static TrainResult result() {
        List<EpochMetrics> h = List.of(
                new EpochMetrics(1, 0.69, 0.5, 0.70, 0.45, 100, 0.1),
                new EpochMetrics(2, 0.40, 0.8, 0.45, 0.75, 100, 0.1),
                new EpochMetrics(3, 0.20, 0.95, 0.25, 0.9, 100, 0.1));
        Map<String, WeightArray> w = new LinkedHashMap<>();
        w.put("0.weight", new WeightArray(new int[] {3, 2}, new float[] {1, -2, 3.5f, 4, 5, 6}));
        w.put("0.bias", new WeightArray(new int[] {3}, new float[] {0.25f, 0, -1}));
        return new TrainResult("mlp 2-3-2 relu", "spirals", "java", 2, h, 3, false, 300, 0.3, 0.25, 0.9, w);
    }

    @Test
    void jsonEscapesAndSpellsNumbers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n");
        m.put("i", 3);
        m.put("d", 0.125);
        m.put("nan", Double.NaN);
        m.put("arr", new double[] {1, 0.5, 1e-7});
        m.put("list", List.of(true, false));
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\",\"i\":3,\"d\":0.125,\"nan\":null,\"arr\":[1,0.5,1e-7],\"list\":[true,false]}",
                Json.write(m));
    }

    @Test
    void jsonWritesFloatsAsTheShortestDecimalOfTheFloat() {
        // Before: a float went through %.8g of its double value and came out as 0.0020000001.
        assertEquals("[0.002,0.01,3,1e-4,null]", Json.write(List.of(0.002f, 0.01f, 3f, 1e-4f, Float.NaN)));
        assertEquals("[0.002,0.1]", Json.write(new float[] {0.002f, 0.1f}));
        assertEquals("0.1", Json.write(0.1)); // a double keeps its own shortest spelling
    }

    @Test
    void plotIsAReadablePngOfTheRightSize() throws IOException {
        Path f = dir.resolve("curves.png");
        StepLosses steps = new StepLosses();
        steps.start("mlp", 3, 100);
        for (EpochMetrics m : result().history()) {
            steps.step(m.epoch(), 50, m.trainLoss() * 1.2);
            steps.step(m.epoch(), 100, m.trainLoss());
        }
        CurvePlot.write(f, CurveCharts.of(result(), steps));
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img, "a PNG ImageIO can read");
        assertEquals(2 * 560, img.getWidth(), "two panels: loss and accuracy");
        assertEquals(32 + 400, img.getHeight(), "the title strip over the panels");
        // Both curve colours were drawn somewhere.
        boolean train = false, val = false;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                train |= rgb == 0x1f77b4;
                val |= rgb == 0xff7f0e;
            }
        }
        assertTrue(train && val, "train and validation curves present");
    }

    @Test
    void plainProgressPrintsOneLinePerEpochAndNoCarriageReturns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintWriter(bytes, true, StandardCharsets.UTF_8), false);
        bar.start("mlp", 3, 100);
        for (EpochMetrics m : result().history()) {
            bar.step(m.epoch(), 50, 0.5);
            bar.epoch(m);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, out.lines().count(), out);
        assertTrue(out.lines().toList().get(1).startsWith("mlp epoch 2/3  train loss 0.4000 acc 80.0%  val loss 0.4500 acc 75.0%"),
                out);
        assertTrue(!out.contains("\r"));
    }

    @Test
    void terminalProgressRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintWriter(bytes, true, StandardCharsets.UTF_8), true);
        bar.start("mlp", 3, 100);
        bar.step(1, 50, 0.5);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\repoch 1/3 [" + "=".repeat(12) + " ".repeat(12) + "]  50%"), out);
        assertTrue(out.contains("loss 0.5000") && out.contains("ETA"), out);
    }
}
