package dev.gatun.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Workers as threads (no Spark): K replicas with batch b end where one process with batch K b ends. */
class WorkerTest {

    @ParameterizedTest(name = "K={0}")
    @ValueSource(ints = {1, 2, 3})
    void kWorkersEqualOneProcessWithKTimesTheBatch(int k) throws Exception {
        SparkTrainConfig c = TestData.mlp().batchPerWorker(8).epochs(2).checksumEvery(5).build().config();
        List<List<LabeledRow>> partitions = new java.util.ArrayList<>();
        for (int r = 0; r < k; r++) {
            partitions.add(TestData.blobs(80 + 3 * r, 100 + r)); // uneven: every worker runs the smallest's 10 steps
        }
        ThreadGang.Shared shared = new ThreadGang.Shared(k);
        List<WorkerResult> results = RingAllReduceTest.onRanks(k,
                r -> new Worker(c, new ThreadGang(r, shared)).run(partitions.get(r)));
        Map<String, float[]> expected = SingleProcess.train(c, partitions, Long.MAX_VALUE);
        WorkerResult first = results.getFirst();
        assertEquals(20, first.steps());
        double diff = SingleProcess.relativeDifference(expected, first.state());
        assertTrue(diff <= 1e-5, "K=" + k + ": weights differ from one process by " + diff);
        for (WorkerResult r : results) {
            assertEquals(8L * 20, r.rows());
        }
    }

    /**
     * With BatchNorm each replica's running statistics follow its own batches within an epoch:
     * the replicas still agree on every parameter at every checksum, and on everything once the
     * epoch's end has averaged the statistics.
     */
    @org.junit.jupiter.api.Test
    void replicasWithBatchNormAgreeOnTheirParametersAndEndWithAveragedStatistics() throws Exception {
        SparkTrainConfig c = SparkTrainer.builder(() -> new dev.gatun.nn.Sequential(
                        new dev.gatun.nn.Conv2d(1, 2, 3, dev.gatun.backend.Conv2dParams.of(1, 1), new dev.gatun.tensor.Rng(1)),
                        new dev.gatun.nn.BatchNorm2d(2), new dev.gatun.nn.ReLU(), new dev.gatun.nn.Flatten(),
                        new dev.gatun.nn.Linear(24, TestData.CLASSES, new dev.gatun.tensor.Rng(2))),
                dev.gatun.nn.loss.CrossEntropyLoss::new, ps -> new dev.gatun.optim.Adam(ps, 0.01f))
                .inputShape(1, 4, 3).batchPerWorker(8).epochs(2).checksumEvery(2).build().config();
        ThreadGang.Shared shared = new ThreadGang.Shared(2);
        List<WorkerResult> results = RingAllReduceTest.onRanks(2,
                r -> new Worker(c, new ThreadGang(r, shared)).run(TestData.blobs(64, 40 + r)));
        assertEquals(16, results.getFirst().steps());
        assertTrue(results.getFirst().state().containsKey("1.running_mean"), results.getFirst().state().keySet().toString());
    }
}
