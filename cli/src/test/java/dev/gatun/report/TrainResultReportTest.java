package dev.gatun.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** samples/s is training throughput: the validation part of each epoch is not in its time (issue 15). */
class TrainResultReportTest {

    @Test
    void samplesPerSecondLeavesValidationOut() {
        // Two epochs of 100 rows: 1 s each, of which 0.25 s training steps and 0.75 s validation.
        List<EpochMetrics> h = List.of(
                new EpochMetrics(1, 0.5, 0.8, 0.5, 0.8, 100, 1.0, 0.25),
                new EpochMetrics(2, 0.4, 0.9, 0.4, 0.9, 100, 1.0, 0.25));
        TrainResult r = new TrainResult("mlp", "spirals", "java", 1, h, 2, false, 200, 2.0, 0.4, 0.9, Map.of());
        assertEquals(0.5, r.trainSeconds(), 1e-12);
        assertEquals(400, r.samplesPerSecond(), 1e-9, "200 rows in 0.5 s of training steps");
        Map<String, Object> json = MetricsJson.of(r);
        assertEquals(MetricsJson.SCHEMA_VERSION, json.get("schema_version"));
        assertEquals(400.0, ((Number) json.get("samples_per_sec")).doubleValue(), 1e-9);
        assertEquals(0.5, ((Number) json.get("train_seconds")).doubleValue(), 1e-12);
        assertEquals(2.0, ((Number) json.get("seconds")).doubleValue(), 1e-12, "the whole loop, validation included");
    }

    @Test
    void progressLineShowsTheSameSamplesPerSecond() {
        java.io.StringWriter text = new java.io.StringWriter();
        ProgressBar bar = new ProgressBar(new java.io.PrintWriter(text), false);
        bar.start("mlp", 1, 100);
        bar.epoch(new EpochMetrics(1, 0.5, 0.8, 0.5, 0.8, 100, 1.0, 0.25));
        assertTrue(text.toString().contains("  400 samples/s  1.00s"), text.toString());
    }

    @Test
    void anEpochWithoutValidationPartIsAllTraining() {
        EpochMetrics m = new EpochMetrics(1, 0.5, 0.8, 0.5, 0.8, 100, 2.0);
        assertEquals(2.0, m.trainSeconds());
    }
}
