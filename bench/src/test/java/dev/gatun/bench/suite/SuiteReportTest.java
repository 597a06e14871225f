package dev.gatun.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite table with several peers: the fastest peer per figure, Gatun's ratio to it. */
class SuiteReportTest {
    @TempDir
    Path dir;

    private static String jmh(String bench, String backend, int threads, double... ms) {
        StringBuilder raw = new StringBuilder();
        for (double m : ms) {
            raw.append(raw.isEmpty() ? "" : ", ").append(m);
        }
        return "{\"benchmark\": \"dev.gatun.bench.TrainStepBench." + bench + "\", \"params\": {\"model\": \"mlp\", \"backend\": \""
                + backend + "\", \"threads\": \"" + threads + "\", \"optimizer\": \"sgd\"}, \"primaryMetric\": {\"rawData\": [["
                + raw + "]]}}";
    }

    private static String fig(double median) {
        return "{\"min\": " + median + ", \"median\": " + median + ", \"max\": " + median + "}";
    }

    private SuiteReport report() throws IOException {
        Path j = dir.resolve("jmh.json");
        Files.writeString(j, "[" + String.join(",", jmh("trainStep", "onednn", 1, 1.0, 1.2, 1.1),
                jmh("trainStep", "onednn", 2, 0.9, 0.9, 0.9), jmh("inferBatch1", "onednn", 1, 0.05, 0.05, 0.05)) + "]");
        Path torch = dir.resolve("pytorch.json");
        Files.writeString(torch, "{\"peer\": \"pytorch\", \"torch\": \"1.13\", \"data\": \"noise\", \"blas\": {\"library\": \"libblas.so.3\", "
                + "\"build\": \"openmp\", \"kernel\": \"SkylakeX\", \"openblas_threads\": 2, \"torch_threads\": {\"intra_op\": 2}, "
                + "\"env\": {\"OPENBLAS_CORETYPE\": null}}, \"results\": [{\"model\": \"mlp\", \"optimizer\": \"sgd\", "
                + "\"threads\": 1, \"train_step_ms\": " + fig(1.5) + ", \"infer_batch1_ms\": " + fig(0.04) + "}]}");
        Path ort = dir.resolve("ort.json");
        Files.writeString(ort, "{\"peer\": \"ort\", \"info\": {\"onnxruntime\": \"1.23.2\"}, \"results\": ["
                + "{\"model\": \"mlp\", \"optimizer\": \"-\", \"threads\": 1, \"infer_batch1_ms\": " + fig(0.03) + ", \"check\": \"ok\"},"
                + "{\"model\": \"mlp\", \"optimizer\": \"-\", \"threads\": 2, \"infer_batch1_ms\": " + fig(0.025)
                + ", \"check\": \"MISMATCH batch-1 output\"}]}");
        Path djl = dir.resolve("djl.json");
        Files.writeString(djl, "{\"peer\": \"djl\", \"results\": [{\"model\": \"mlp\", \"optimizer\": \"sgd\", \"threads\": 2, "
                + "\"train_step_ms\": " + fig(1.2) + ", \"infer_batch1_ms\": " + fig(0.2) + "}]}");
        SuiteReport r = new SuiteReport();
        r.readJmh(j);
        r.readPeer(djl); // read out of order: the table keeps PEER_ORDER
        r.readPeer(ort);
        r.readPeer(torch);
        return r;
    }

    @Test
    void theFastestPeerPerFigureAtItsBetterThreadCount() throws IOException {
        SuiteReport r = report();
        assertEquals(List.of("pytorch", "ort", "djl"), r.peers);
        SuiteReport.Key train = new SuiteReport.Key("mlp", SuiteReport.TRAIN, "sgd");
        SuiteReport.Key infer = new SuiteReport.Key("mlp", SuiteReport.INFER, "-");
        assertEquals(Map.of(train, "djl", infer, "ort"), r.bestPeers());
        assertEquals(0.9 / 1.2, r.ratios().get(train).get("onednn"), 1e-12, "Gatun's 2 threads against DJL's");
        assertEquals(0.05 / 0.025, r.ratios().get(infer).get("onednn"), 1e-12, "against ORT's 2 threads");
    }

    @Test
    void theTableNamesTheBestPeerAndTheCapacityReadings() throws IOException {
        SuiteReport r = report();
        Path cap = dir.resolve("capacity.jsonl");
        Files.writeString(cap, "{\"at\": \"before\", \"loadavg\": \"0.50\", \"cores_available\": \"1.97\"}\n"
                + "{\"at\": \"after gatun\", \"loadavg\": \"1.10\", \"cores_available\": \"1.02\"}\n");
        r.readCapacity(cap);
        String md = r.markdown(Map.of("mode", "quick"));
        assertTrue(md.contains("before 1.97 (load 0.50); after gatun 1.02 (load 1.10)"), md);
        assertTrue(md.contains("| Gatun onednn | PyTorch | ONNX Runtime | DJL | best peer | ratio onednn |"), md);
        assertTrue(md.contains("| mlp | train step | sgd | 0.900 (0.900-0.900) @2t | 1.50 (1.50-1.50) @1t |  | 1.20 (1.20-1.20) @2t | DJL | **0.75** |"), md);
        assertTrue(md.contains("| ONNX Runtime | **2.00** |"), md);
        assertFalse(md.contains("PyTorch best"), "a peer that did not run gets no column");
        assertTrue(md.contains("ONNX Runtime: mlp 2t: MISMATCH batch-1 output."), md);
        assertTrue(md.contains("Peer PyTorch: torch 1.13, BLAS libblas.so.3 (openmp build, kernel SkylakeX, OpenBLAS threads 2)"), md);
        assertTrue(md.contains("environment OPENBLAS_CORETYPE=unset; data noise.\nPeer ONNX Runtime: {\"onnxruntime\":\"1.23.2\"}.\n"), md);
    }

    @Test
    void aPeerFileNeedsAName() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"results\": []}");
        assertThrows(IllegalArgumentException.class, () -> new SuiteReport().readPeer(bad));
    }
}
