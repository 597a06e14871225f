package dev.gatun.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {

    @Test
    void holdsOutTheFractionOfEachClassOnce() {
        Dataset d = Synthetic.blobs(50, 3, 2, 1.0, 5); // 150 rows, 50 per class
        Split s = Split.random(d, 0.2, 9);
        assertEquals(120, s.train().rows());
        assertEquals(30, s.validation().rows());
        int[] perClass = new int[3];
        for (int r = 0; r < s.validation().rows(); r++) {
            perClass[s.validation().label(r)]++;
        }
        assertArrayEquals(new int[] {10, 10, 10}, perClass, "stratified");
        // Every row lands in exactly one side: compare the multiset of rows by their features.
        Set<String> rows = new HashSet<>();
        for (Dataset part : List.of(s.train(), s.validation())) {
            for (int r = 0; r < part.rows(); r++) {
                assertTrue(rows.add(java.util.Arrays.toString(part.row(r))), "row held twice");
            }
        }
        assertEquals(150, rows.size());
    }

    @Test
    void sameSeedSameSplit() {
        Dataset d = Synthetic.moons(40, 0.1, 1);
        assertArrayEquals(Split.random(d, 0.25, 3).validation().features(), Split.random(d, 0.25, 3).validation().features());
    }

    @Test
    void zeroFractionKeepsEverythingForTraining() {
        Split s = Split.random(Synthetic.moons(10, 0.1, 1), 0, 1);
        assertEquals(20, s.train().rows());
        assertEquals(0, s.validation().rows());
        assertThrows(IllegalArgumentException.class, () -> Split.random(Synthetic.moons(10, 0.1, 1), 1.0, 1));
    }

    @Test
    void standardizesWithTrainingStatistics() {
        Split s = Split.random(Synthetic.blobs(100, 2, 3, 2.0, 4), 0.3, 1).standardized().split();
        Standardizer again = Standardizer.fit(s.train());
        for (int c = 0; c < 3; c++) {
            assertEquals(0, again.mean()[c], 1e-5, "mean of column " + c);
            assertEquals(1, again.std()[c], 1e-4, "std of column " + c);
        }
    }

    @Test
    void constantColumnBecomesZero() {
        Dataset d = Dataset.classification("c", new float[] {3, 1, 3, 2, 3, 3}, 2, new int[] {0, 1, 0}, 2);
        Dataset z = Standardizer.fit(d).apply(d);
        assertEquals(0, z.feature(0, 0));
        assertEquals(0, z.feature(2, 0));
    }
}
