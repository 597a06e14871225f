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
}
