package dev.gatun.blas.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gatun's OpenBLAS next to the system's (Debian's libopenblas0-pthread, which .ci/run installs),
 * in real processes, both load orders. Before isolation: system first gave Gatun ddot 4.21875,
 * idamax 0, dnrm2 6.0; Gatun first gave netlib's ddot 2.0 (or SIGSEGV in dgemm_oncopy_HASWELL).
 */
class TwoOpenblasTest {
    private static final Path SYSTEM_BLAS = Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3");

    @ParameterizedTest
    @ValueSource(strings = {"system-first", "gatun-first"})
    void bothOpenblasCopiesAnswerRightInEitherLoadOrder(String order) throws Exception {
        Assumptions.assumeTrue(Files.exists(SYSTEM_BLAS) || "true".equals(System.getenv("CI")),
                "no system BLAS at " + SYSTEM_BLAS + " (apt-get install libopenblas0-pthread)");
        ForkedJvm.Result r = ForkedJvm.run(TwoOpenblasChild.class, 120, order);
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("OK", r.lastLine(), r.output());
        assertTrue(r.output().contains("mapped /usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas"), "the system copy is loaded:\n" + r.output());
        assertTrue(r.output().matches("(?s).*mapped /\\S+/openblas-[^/]+/libopenblas\\.so\\.0.*"), "Gatun's copy is loaded:\n" + r.output());
        if (order.equals("gatun-first")) { // nothing else brought a libquadmath: the bundle's is used
            assertTrue(r.output().matches("(?s).*mapped /\\S+/openblas-[^/]+/libquadmath\\.so\\.0.*"),
                    "the bundled libquadmath is used:\n" + r.output());
        }
    }
}
