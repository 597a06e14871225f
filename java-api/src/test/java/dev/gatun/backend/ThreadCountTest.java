package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Thread counts are bounded wherever they enter: the API, the property, the environment. */
class ThreadCountTest {
    private static final int MAX = Math.max(64, 4 * Runtime.getRuntime().availableProcessors());

    @Test
    void setThreadsRefusesCountsThatCrashLibgompAndSaysTheBound() {
        int before = Backends.threads();
        for (int bad : new int[] {0, -1, MAX + 1, 8192, 10000, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.setThreads(bad));
            assertTrue(e.getMessage().contains("between 1 and " + MAX) && e.getMessage().contains("got " + bad), e.getMessage());
            assertEquals(before, Backends.threads(), "a refused count changes nothing");
        }
        assertEquals(MAX, Backends.maxThreads());
    }

    @Test
    void everyBackendRefusesTheSameCountsOnItsOwn() {
        for (Backend b : Backends.available()) {
            int before = b.threads();
            assertThrows(IllegalArgumentException.class, () -> b.setThreads(Integer.MAX_VALUE), b.name());
            assertThrows(IllegalArgumentException.class, () -> b.setThreads(0), b.name());
            assertEquals(before, b.threads(), b.name());
        }
    }

    @Test
    void propertyWinsOverEnvironmentAndBadValuesAreKeptAsTheReason() {
        int processors = Runtime.getRuntime().availableProcessors();
        assertEquals(new ThreadCount.Initial(processors, null), ThreadCount.read(null, " "));
        assertEquals(new ThreadCount.Initial(3, null), ThreadCount.read("3", "5"));
        assertEquals(new ThreadCount.Initial(5, null), ThreadCount.read("", "5"));
        ThreadCount.Initial huge = ThreadCount.read("10000", null);
        assertEquals(processors, huge.count());
        assertEquals("gatun.threads=10000: thread count must be between 1 and " + MAX + " (4 x " + processors
                + " processors, at least 64), got 10000", huge.failure());
        assertTrue(ThreadCount.read(null, "lots").failure().startsWith("GATUN_THREADS=lots: thread count must be a whole number"));
        assertTrue(ThreadCount.read(null, "99999999999").failure().startsWith("GATUN_THREADS=99999999999: thread count must be between"));
        assertNotNull(ThreadCount.read("0", null).failure());
    }
}
