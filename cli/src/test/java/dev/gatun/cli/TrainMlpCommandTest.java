package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.checkpoint.SafetensorsFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainMlpCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainMlpWritesJsonPlotAndWeights() throws Exception {
        Path json = dir.resolve("metrics.json"), png = dir.resolve("curves.png"), weights = dir.resolve("mlp.safetensors");
        Cli r = Cli.run("train", "mlp", "--epochs", "2", "--backend", "java", "--threads", "1", "--json", json.toString(),
                "--plot", png.toString(), "--save", weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.line("trained mlp 2-64-64-2 relu on spirals: 2 epochs").contains("backend java x1"), r.out());
        double acc = Cli.percent(r.line("validation accuracy"));
        assertTrue(acc > 0.5 && acc <= 1, r.out());
        assertEquals(2, r.out().lines().filter(l -> l.startsWith("mlp 2-64-64-2 relu epoch ")).count(), "a line per epoch:\n" + r.out());

        String text = Files.readString(json);
        for (String field : List.of("model", "data", "backend", "threads", "epochs", "final_train_loss", "val_accuracy",
                "samples_per_sec", "seconds", "per_epoch", "train_loss")) {
            assertTrue(text.contains("\"" + field + "\":"), field + " in\n" + text);
        }
        assertTrue(text.contains("\"model\": \"mlp 2-64-64-2 relu\""), text);
        assertTrue(text.contains("\"backend\": \"java\""), text);
        assertTrue(text.contains("\"threads\": 1"), text);
        assertTrue(text.contains("\"epochs\": 2"), text);

        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a valid PNG");
        assertEquals(2 * 560, img.getWidth(), "loss and accuracy side by side");
        assertEquals(32 + 400, img.getHeight());

        try (SafetensorsFile saved = SafetensorsFile.open(weights)) {
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "standardize.mean",
                    "standardize.std"), List.copyOf(saved.entries().keySet()));
        }
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "the three outputs and no temporary file");
        }
    }

    @Test
    void trainReadsACsvFile() throws Exception {
        StringBuilder csv = new StringBuilder("x1,x2,kind\n");
        dev.gatun.data.Dataset blobs = dev.gatun.data.Synthetic.blobs(40, 2, 2, 0.5, 3);
        for (int i = 0; i < blobs.rows(); i++) {
            csv.append(blobs.feature(i, 0)).append(',').append(blobs.feature(i, 1)).append(',')
                    .append(blobs.label(i) == 0 ? "cat" : "dog").append('\n');
        }
        Path file = Files.writeString(dir.resolve("pets.csv"), csv);
        Cli r = Cli.run("train", "logreg", "--data", file.toString(), "--label", "kind", "--epochs", "20");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.line("trained logreg 2-1 sigmoid on pets.csv").length() > 0);
        assertTrue(Cli.percent(r.line("validation accuracy")) >= 0.9, r.out());
    }
}
