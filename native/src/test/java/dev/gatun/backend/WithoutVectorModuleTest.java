package dev.gatun.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.ops.OpsFuzz;
import dev.gatun.testing.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A JVM without {@code --add-modules jdk.incubator.vector}: every backend works or says why it is
 * off. Before the shared drivers moved out of the Vector backend, openblas claimed to be usable
 * here and its RNN threw NoClassDefFoundError (jdk/incubator/vector/Vector).
 */
class WithoutVectorModuleTest {

    @Test
    void everyAvailableBackendMatchesTheOracleWithoutTheIncubatorModule() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(EveryBackendChild.class, 300, List.of());
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("vector API: module jdk.incubator.vector not enabled"), "the child really lacks the module:\n" + r.output());
        assertEquals("every backend ok: " + NativeBackends.everyKnown(), r.lastLine(), r.output());
        // The java backend, the BLAS, the RNN gates and the optimizers all fell back: one line says so.
        assertEquals(1, r.output().lines().filter(l -> l.contains("runs scalar loops, no Vector API")).count(), r.output());
    }

    @Test
    void theOpsFuzzerFindsNoCrashAndNoLinkageErrorWithoutTheIncubatorModule() throws Exception {
        ForkedJvm.Result r = ForkedJvm.run(OpsFuzz.class, 300, List.of(), "20261202", "800");
        System.out.println(r.output());
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.lastLine().startsWith("fuzz ok: 800 cases on each of " + NativeBackends.everyKnown()), r.output());
    }
}
