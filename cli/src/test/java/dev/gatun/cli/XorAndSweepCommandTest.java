package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XorAndSweepCommandTest {
    @TempDir
    Path dir;

    @Test
    void xorShowsTheOneLayerLimit() {
        Cli r = Cli.run("xor");
        assertEquals(0, r.exitCode(), r.err());
        String perceptron = r.line("perceptron 2-2 step");
        assertTrue(Cli.percent(perceptron) <= 0.75, perceptron);
        double mean = Double.parseDouble(perceptron.replaceAll(".*, (\\d+\\.\\d+)% on average.*", "$1")) / 100;
        assertTrue(mean < 0.75, "it never settles: " + perceptron);
        assertEquals(1.0, Cli.percent(r.line("mlp 2-8-2 tanh")), r.out());
        assertTrue(r.out().contains("no straight line"), "the explanation");
        // The table: the MLP column is XOR itself.
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s+[01]\\s+[01] \\|.*")).toList();
        assertEquals(4, rows.size(), r.out());
        for (String row : rows) {
            String[] f = row.replace("|", " ").trim().split("\\s+");
            assertEquals(f[2], f[4], "mlp predicts xor on " + row);
        }
    }

    @Test
    void sweepReportsEachCandidateAndTheBest() throws Exception {
        Path json = dir.resolve("sweep.json"), png = dir.resolve("sweep.png");
        Cli r = Cli.run("sweep", "mlp", "--hidden", "2,32", "--data", "moons", "--epochs", "15", "--json", json.toString(),
                "--plot", png.toString());
        assertEquals(0, r.exitCode(), r.err());
        String small = r.line("       2  "), large = r.line("      32  ");
        String best = r.line("best: hidden ");
        int bestHidden = Integer.parseInt(best.replaceAll("best: hidden (\\d+),.*", "$1"));
        double bestAcc = Cli.percent(best);
        assertEquals(Math.max(Cli.percent(small), Cli.percent(large)), bestAcc, 1e-9, r.out());
        assertTrue(bestHidden == 2 || bestHidden == 32);
        String text = Files.readString(json);
        assertTrue(text.contains("\"best_hidden\": " + bestHidden) && text.contains("\"candidates\":"), text);
        assertEquals("curves of every run: " + png, r.line("curves of every run: "));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(3 * 560, img.getWidth(), "training loss, validation loss and validation accuracy of both runs");
        assertEquals(32 + 400, img.getHeight());
    }

    @Test
    void sweepRejectsModelsWithoutAHiddenSize() {
        Cli r = Cli.run("sweep", "perceptron");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("gatun: sweep: only mlp has a hidden layer size"), r.err());
    }
}
