package dev.gatun.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end table: figures from the runs' JSON, and Gatun's own samples/s checked against the bench's. */
class E2eReportTest {
    @TempDir
    Path dir;

    private static final String TIMING = """
            {"exit": 0, "rows_per_epoch": 100, "openblas_core": "Haswell", "epochs": [
              {"epoch": 1, "rows": 100, "train_seconds": 0.5, "val_seconds": 0.25, "seconds": 0.75},
              {"epoch": 2, "rows": 100, "train_seconds": 0.3, "val_seconds": 0.1, "seconds": 0.4},
              {"epoch": 3, "rows": 100, "train_seconds": 0.2, "val_seconds": 0.1, "seconds": 0.3}]}
            """;

    private E2eReport.Run gatun(double reportedSamplesPerSec) throws IOException {
        Path runs = Files.createDirectories(dir.resolve("runs"));
        Files.writeString(runs.resolve("gatun-mlp-1.timing.json"), TIMING);
        Files.writeString(runs.resolve("gatun-mlp-1.json"), "{\"val_loss\": 0.5, \"val_accuracy\": 0.75, \"samples_per_sec\": "
                + reportedSamplesPerSec + "}");
        return E2eReport.read(runs, "gatun\tmlp\t1\t4.5\t0".split("\t"));
    }

    @Test
    void figuresComeFromTheOutsideTiming() throws IOException {
        E2eReport.Run r = gatun(300);
        assertEquals(3, r.epochs());
        assertEquals(0.3, r.trainSecondsPerEpoch().median(), 1e-12);
        assertEquals(0.2, r.trainSecondsPerEpoch().min(), 1e-12);
        assertEquals(300, r.trainSamplesPerSec(), 1e-9, "300 rows in 1 s of training steps; validation left out");
        assertEquals(0.1, r.valSecondsPerEpoch().median(), 1e-12);
        assertEquals(0.75, r.valAccuracy());
        assertEquals(4.5, r.wallSeconds());
        assertEquals(0, r.disagreement(), 1e-12);
    }

    @Test
    void aDifferentSamplesPerSecondIsFlagged() throws IOException {
        E2eReport report = new E2eReport();
        report.add(gatun(200)); // as if Gatun counted the validation time in (300 rows / 1.45 s would be 207)
        String md = report.markdown(Map.of("date", "d", "mode", "quick"));
        assertTrue(md.contains("200 (-33.3%, DISAGREES)"), md);
    }

    @Test
    void aFailedRunIsShownAsFailed() throws IOException {
        E2eReport report = new E2eReport();
        report.add(E2eReport.read(dir, "pytorch-best\tcnn-fashion\t2\t3.0\t1".split("\t")));
        assertTrue(report.markdown(Map.of()).contains("| cnn-fashion | pytorch-best | 2 | failed (exit 1) |"));
    }
}
