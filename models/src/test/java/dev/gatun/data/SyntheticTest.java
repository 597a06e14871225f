package dev.gatun.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    static Stream<Arguments> generators() {
        return Stream.of(
                Arguments.of("xor", (LongFunction<Dataset>) s -> Synthetic.xor(5, 0.1, s), 20, 2, 2),
                Arguments.of("spirals", (LongFunction<Dataset>) s -> Synthetic.spirals(50, 1.5, 0.02, s), 100, 2, 2),
                Arguments.of("blobs", (LongFunction<Dataset>) s -> Synthetic.blobs(30, 4, 3, 1.0, s), 120, 3, 4),
                Arguments.of("moons", (LongFunction<Dataset>) s -> Synthetic.moons(40, 0.1, s), 80, 2, 2),
                Arguments.of("linear", (LongFunction<Dataset>) s -> Synthetic.linear(70, 5, 0.05, s), 70, 5, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generators")
    void shapedAndDeterministic(String name, LongFunction<Dataset> make, int rows, int columns, int classes) {
        Dataset a = make.apply(7), b = make.apply(7), c = make.apply(8);
        assertEquals(name, a.name());
        assertEquals(rows, a.rows());
        assertEquals(columns, a.columns());
        assertEquals(classes, a.classes());
        assertArrayEquals(a.features(), b.features(), "same seed, same features");
        int[] counts = new int[classes];
        for (int r = 0; r < rows; r++) {
            assertEquals(a.label(r), b.label(r));
            counts[a.label(r)]++;
        }
        for (int k = 0; k < classes; k++) {
            assertTrue(counts[k] > 0, name + ": class " + k + " is empty");
        }
        assertFalse(java.util.Arrays.equals(a.features(), c.features()), "another seed, other features");
    }

    @Test
    void xorIsTheTruthTable() {
        Dataset xor = Synthetic.xor(1, 0, 0);
        // (0,0)->0, (0,1)->1, (1,0)->1, (1,1)->0
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, xor.features());
        assertEquals(0, xor.label(0));
        assertEquals(1, xor.label(1));
        assertEquals(1, xor.label(2));
        assertEquals(0, xor.label(3));
    }

    @Test
    void spiralsAreEachOthersHalfTurn() {
        Dataset s = Synthetic.spirals(20, 1.5, 0, 3);
        for (int i = 0; i < 20; i++) { // without noise, class 1's point is class 0's rotated by pi
            assertEquals(-s.feature(2 * i, 0), s.feature(2 * i + 1, 0), 1e-6);
            assertEquals(-s.feature(2 * i, 1), s.feature(2 * i + 1, 1), 1e-6);
        }
    }

    @Test
    void linearKeepsItsMargin() {
        // No point may lie in the empty band: the nearest pair across classes is at least 2 * margin apart
        // along the normal, so at least that far apart in space.
        Dataset d = Synthetic.linear(300, 2, 0.1, 11);
        double nearest = Double.MAX_VALUE;
        for (int i = 0; i < d.rows(); i++) {
            for (int j = 0; j < d.rows(); j++) {
                if (d.label(i) != d.label(j)) {
                    nearest = Math.min(nearest, Math.hypot(d.feature(i, 0) - d.feature(j, 0), d.feature(i, 1) - d.feature(j, 1)));
                }
            }
        }
        assertTrue(nearest >= 0.2 - 1e-6, "closest opposite pair " + nearest);
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> Synthetic.spirals(0, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.blobs(10, 1, 2, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Synthetic.linear(10, 2, 0.7, 1));
    }
}
