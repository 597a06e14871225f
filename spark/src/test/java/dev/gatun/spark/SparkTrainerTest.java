package dev.gatun.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark in local mode with two workers (one Spark context for the class: a context
 * takes seconds to start): the same weights as one process with twice the batch, and a run that
 * loses a worker mid-training ends where an undisturbed run ends.
 */
class SparkTrainerTest {
    private static JavaSparkContext spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("gatun-spark-test")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.local.dir", dir.resolve("spark-local").toString()).set("spark.ui.enabled", "false")
                .set("spark.stage.maxConsecutiveAttempts", "4");
        spark = new JavaSparkContext(conf);
        spark.setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Two partitions: the first and second half of the rows, as parallelize splits them. */
    private static List<List<LabeledRow>> halves(List<LabeledRow> rows) {
        int half = rows.size() / 2;
        return List.of(rows.subList(0, half), rows.subList(half, rows.size()));
    }

    private static Map<String, float[]> weights(SparkTrainResult r) {
        Map<String, float[]> out = new LinkedHashMap<>();
        r.model().stateDict().forEach((name, t) -> out.put(name, t.toArray()));
        return out;
    }

    @Test
    void twoWorkersTrainLikeOneProcessWithTwiceTheBatch() {
        List<LabeledRow> rows = TestData.blobs(320, 7);
        JavaRDD<LabeledRow> rdd = spark.parallelize(rows, 2);
        SparkTrainer trainer = TestData.mlp().batchPerWorker(8).epochs(1).checksumEvery(5).build();
        SparkTrainResult r = trainer.fit(rdd);
        assertEquals(2, r.workers());
        assertEquals(20, r.steps());
        Map<String, float[]> expected = SingleProcess.train(trainer.config(), halves(rows), Long.MAX_VALUE);
        double diff = SingleProcess.relativeDifference(expected, weights(r));
        assertTrue(diff <= 1e-5, "2 workers vs one process with batch 16: weights differ by " + diff);
        assertTrue(r.samplesPerSecond() > 0 && r.communicationShare() > 0 && r.communicationShare() < 1, r.toString());
        r.model().close();
    }

    @Test
    void aModelThatCannotTakeTheInputFailsOnTheDriverBeforeAnyTask() {
        JavaRDD<LabeledRow> rdd = spark.parallelize(TestData.blobs(40, 3), 2);
        SparkTrainer wrong = TestData.mlp().inputShape(TestData.FEATURES + 1).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> wrong.fit(rdd));
        assertTrue(e.getMessage().contains("does not take input [1, 13]"), e.getMessage());
    }

    @Test
    void aWorkerLostMidTrainingResumesFromTheCheckpointAndEndsWhereAnUndisturbedRunEnds() throws Exception {
        List<LabeledRow> rows = TestData.blobs(480, 11);
        JavaRDD<LabeledRow> rdd = spark.parallelize(rows, 2);
        Path marker = dir.resolve("failed-once");
        SparkTrainer failing = TestData.mlp().batchPerWorker(8).epochs(2).checkpointEvery(10)
                .checkpointDir(dir.resolve("checkpoints").toString()).injectFailure(1, 37, marker.toString()).build();
        SparkTrainResult r = failing.fit(rdd);
        assertTrue(Files.exists(marker), "the injected failure did not happen");
        assertEquals(30, r.resumedAtStep(), "the retried stage resumes from the last checkpoint before step 37");
        assertEquals(60, r.steps());
        SparkTrainResult undisturbed = TestData.mlp().batchPerWorker(8).epochs(2).build().fit(rdd);
        double diff = SingleProcess.relativeDifference(weights(undisturbed), weights(r));
        assertTrue(diff <= 1e-6, "resumed run vs undisturbed run: weights differ by " + diff);
        r.model().close();
        undisturbed.model().close();
    }
}
