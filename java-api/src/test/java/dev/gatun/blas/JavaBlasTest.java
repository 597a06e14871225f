package dev.gatun.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Vector API implementation against netlib; the test JVM enables jdk.incubator.vector. */
class JavaBlasTest extends BlasContract {
    @Override
    protected Blas blas() {
        return Blas.get("java");
    }

    @Test
    void javaIsTheVectorApiImplementationHere() {
        assertEquals("dev.gatun.blas.vector.JavaBlas", blas().getClass().getName());
    }
}
