package dev.gatun.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.autograd.Var;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.MSELoss;
import dev.gatun.optim.Adam;
import dev.gatun.tensor.Rng;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Many threads on one predictor get what one thread gets; a model trains while predictors
 * answer from a snapshot of it; a tensor confined to one thread is refused on another.
 */
class PredictorConcurrencyTest {
    private static final int THREADS = 16;
    private static final int INPUTS = 32;

    @Test
    void sixteenThreadsGetWhatOneThreadGets() throws Exception {
        try (Sequential model = PredictorTest.everyLayer(7);
                Predictor p = Predictor.builder(model).inputShape(2, 12).maxConcurrency(4).build()) {
            float[][] inputs = new float[INPUTS][];
            float[][] expected = new float[INPUTS][];
            for (int i = 0; i < INPUTS; i++) {
                inputs[i] = PredictorTest.input(100 + i, 24);
                expected[i] = p.predict(inputs[i]);
            }
            // 4 plans for 16 threads: callers also get plans made for the call, and plans change threads.
            runTogether(THREADS, t -> {
                float[] out = new float[p.outputSize()];
                for (int round = 0; round < 50; round++) {
                    int i = (t * 7 + round) % INPUTS;
                    p.predict(inputs[i], out);
                    assertArrayEquals(expected[i], out, "thread " + t + " input " + i);
                }
            });
        }
    }

    @Test
    void trainingGoesOnWhilePredictorsAnswerFromASnapshot() throws Exception {
        try (Sequential model = PredictorTest.everyLayer(8)) {
            float[] x = PredictorTest.input(9, 12);
            AtomicReference<Predictor> live = new AtomicReference<>(Predictor.of(model, 1, 12));
            float[] before = live.get().predict(x);
            AtomicBoolean training = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int t = 0; t < THREADS - 1; t++) {
                    readers.add(pool.submit(() -> {
                        int calls = 0;
                        Predictor first = live.get();
                        float[] out = new float[5];
                        while (training.get() || calls == 0) {
                            first.predict(x, out);
                            assertArrayEquals(before, out, "the snapshot does not move while the model trains");
                            calls++;
                        }
                        return calls;
                    }));
                }
                Adam adam = new Adam(model.parameters(), 0.05f);
                Rng rng = new Rng(10);
                for (int step = 0; step < 30; step++) {
                    try (Scope s = Scope.confined()) {
                        Var loss = new MSELoss().forward(model.train().forward(Tensor.uniform(rng, -1, 1, 8, 12)),
                                Tensor.uniform(rng, 0, 1, 8, 5));
                        adam.zeroGrad();
                        loss.backward();
                        adam.step();
                    }
                }
                Predictor fresh = Predictor.of(model, 1, 12); // publishing new weights: a new predictor
                Predictor old = live.getAndSet(fresh);
                training.set(false);
                for (Future<Integer> r : readers) {
                    assertTrue(r.get(60, TimeUnit.SECONDS) > 0);
                }
                old.close();
                float[] after = fresh.predict(x);
                assertFalse(Arrays.equals(before, after), "training changed the model");
                PredictorTest.assertClose(PredictorTest.forward(model, x, 1, 12), after);
                fresh.close();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aTensorConfinedToAnotherThreadIsRefusedWithBothThreadNames() throws Exception {
        try (Sequential model = PredictorTest.everyLayer(11); Predictor p = Predictor.of(model, 1, 12);
                Scope mine = Scope.confined()) {
            Tensor x = Tensor.of(PredictorTest.input(12, 12), 1, 12);
            Tensor y = Tensor.zeros(1, 5);
            String owner = Thread.currentThread().getName();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> thrown.set(assertThrows(WrongThreadException.class, () -> p.predict(x, y))),
                    "request-7");
            other.start();
            other.join();
            assertEquals("Predictor.predict input: tensor belongs to a scope confined to thread '" + owner
                    + "', used from thread 'request-7'", thrown.get().getMessage());
            p.predict(x, y); // the owner thread may
        }
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code n} threads released at once; rethrows the first failure. */
    static void runTogether(int n, Body body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    body.run(id);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
