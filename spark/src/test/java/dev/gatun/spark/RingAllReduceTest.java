package dev.gatun.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ring on loopback with one thread per rank: sums, every rank alike, and failures that name the peer instead of hanging. */
class RingAllReduceTest {

    /** Listening sockets for K ranks on loopback. */
    static List<ServerSocket> servers(int k) throws IOException {
        List<ServerSocket> s = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            s.add(new ServerSocket(0, k, InetAddress.getLoopbackAddress()));
        }
        return s;
    }

    static List<InetSocketAddress> addresses(List<ServerSocket> servers) {
        return servers.stream().map(s -> new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort())).toList();
    }

    /** Runs {@code body} as rank r on K threads; returns each rank's result or throws the first failure. */
    static <T> List<T> onRanks(int k, IntFunction<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(k);
        try {
            List<Future<T>> f = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                int rank = r;
                f.add(pool.submit(() -> body.apply(rank)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> x : f) {
                out.add(x.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "K={0}, n={1}")
    @CsvSource({"1, 10", "2, 1", "2, 1001", "3, 2", "3, 100000", "4, 7", "4, 40000"})
    void everyRankGetsTheSameSum(int k, int n) throws Exception {
        List<ServerSocket> servers = servers(k);
        List<InetSocketAddress> addresses = addresses(servers);
        float[][] inputs = new float[k][n];
        double[] expected = new double[n];
        SplittableRandom rng = new SplittableRandom(k * 31L + n);
        for (int r = 0; r < k; r++) {
            for (int i = 0; i < n; i++) {
                inputs[r][i] = (float) rng.nextGaussian();
                expected[i] += inputs[r][i];
            }
        }
        List<float[]> results = onRanks(k, r -> {
            try (RingAllReduce ring = new RingAllReduce(r, addresses, servers.get(r), 10_000)) {
                float[] data = inputs[r].clone();
                ring.allReduce(data);
                float[] again = inputs[r].clone();
                ring.average(again); // a second call on the same ring
                for (int i = 0; i < n; i++) {
                    assertEquals(data[i] / k, again[i], 1e-6 * Math.abs(data[i]) + 1e-12);
                }
                return data;
            }
        });
        for (int r = 0; r < k; r++) {
            assertArrayEquals(results.get(0), results.get(r), "rank " + r + " differs from rank 0");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], results.get(0)[i], 1e-5 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void aRankThatNeverJoinsFailsTheOthersWithinTheTimeout() throws Exception {
        List<ServerSocket> servers = servers(3);
        List<InetSocketAddress> addresses = addresses(servers);
        servers.get(2).close(); // rank 2 is dead: nobody listens at its address
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> onRanks(2, r -> {
                try (RingAllReduce ring = new RingAllReduce(r, addresses, servers.get(r), 1500)) {
                    ring.allReduce(new float[10]);
                    return null;
                }
            }));
            assertTrue(e.getCause() instanceof CollectiveException, e.toString());
            String m = e.getCause().getMessage();
            assertTrue(m.contains("ring rank") && m.contains("rank 2") || m.contains("accepting rank"), m);
        });
    }

    @Test
    void aPeerThatDiesMidCallFailsItsNeighbourInsteadOfHanging() throws Exception {
        List<ServerSocket> servers = servers(2);
        List<InetSocketAddress> addresses = addresses(servers);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ExecutionException e = assertThrows(ExecutionException.class, () -> onRanks(2, r -> {
                RingAllReduce ring = new RingAllReduce(r, addresses, servers.get(r), 2000);
                if (r == 1) {
                    ring.close(); // dies after joining, before its first call
                    return null;
                }
                try (ring) {
                    ring.allReduce(new float[50_000]);
                    return null;
                }
            }));
            assertTrue(e.getCause() instanceof CollectiveException, e.toString());
            assertTrue(e.getCause().getMessage().contains("rank 1"), e.getCause().getMessage());
        });
    }

    @Test
    void ranksOutOfStepFailLoudly() throws Exception {
        List<ServerSocket> servers = servers(2);
        List<InetSocketAddress> addresses = addresses(servers);
        // each rank fails; which one reads the other's header before the other hangs up is a race,
        // so the one that does names the lengths and the other may only have lost its peer
        List<RuntimeException> failures = onRanks(2, r -> {
            try (RingAllReduce ring = new RingAllReduce(r, addresses, servers.get(r), 3000)) {
                ring.allReduce(new float[r == 0 ? 10 : 12]); // different lengths
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        for (RuntimeException f : failures) {
            assertTrue(f instanceof CollectiveException, String.valueOf(f));
        }
        assertTrue(failures.stream().anyMatch(f -> f.getMessage().contains("different lengths")), failures.toString());
    }
}
