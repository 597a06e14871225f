package dev.gatun.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
    @TempDir
    Path dir;

    private Path csv(String content) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), content);
    }

    @Test
    void headerNamedLabelAndTextClasses() throws IOException {
        Path f = csv("""
                sepal,species,petal
                5.1,setosa,1.4
                # a comment, skipped

                6.3,virginica,6.0
                5.9,"versicolor",4.2
                """);
        Dataset d = CsvLoader.load(f, "species");
        assertEquals(3, d.rows());
        assertEquals(2, d.columns());
        assertArrayEquals(new float[] {5.1f, 1.4f, 6.3f, 6.0f, 5.9f, 4.2f}, d.features());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertEquals(0, d.label(0));
        assertEquals(2, d.label(1));
        assertEquals(1, d.label(2));
    }

    @Test
    void noHeaderLastColumnByDefaultIntegerClassesSortedNumerically() throws IOException {
        Dataset d = CsvLoader.load(csv("0.5,2,1\n-1e-1,3,-1\n.25,4,+1\n"), null);
        assertEquals(List.of("-1", "1"), d.classNames());
        assertArrayEquals(new float[] {0.5f, 2, -0.1f, 3, 0.25f, 4}, d.features());
        assertEquals(1, d.label(0));
        assertEquals(0, d.label(1));
        assertEquals(1, d.label(2), "+1 and 1 are one class");
    }

    @Test
    void labelByIndexAndFractionalLabelsMakeARegressionSet() throws IOException {
        Dataset d = CsvLoader.load(csv("y,a,b\n0.5,1,2\n1.25,3,4\n"), "0");
        assertFalse(d.isClassification());
        assertEquals(1.25f, d.target(1));
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features());
    }

    @Test
    void badNumberNamesFileLineAndColumn() throws IOException {
        Path f = csv("a,b,label\n1,2,0\n3,x7,1\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvLoader.load(f, "label"));
        assertEquals(f + ":3: column 2 ('b'): 'x7' is not a number", e.getMessage());
    }

    @Test
    void notANumberAndInfinityAreRejected() throws IOException {
        // (On the first line a non-number above a number would read as a header, so line 2.)
        Path f = csv("1,2,0\n3,NaN,1\n");
        assertEquals(f + ":2: column 2: 'NaN' is not a number",
                assertThrows(CsvFormatException.class, () -> CsvLoader.load(f, null)).getMessage());
        Path g = csv("1,2,0\n1e39,3,1\n");
        assertEquals(g + ":2: column 1: '1e39' is not a finite float32",
                assertThrows(CsvFormatException.class, () -> CsvLoader.load(g, null)).getMessage());
    }

    @Test
    void raggedRowNamesItsLine() throws IOException {
        Path f = csv("1,2,0\n3,1\n");
        assertEquals(f + ":2: 2 fields, expected 3",
                assertThrows(CsvFormatException.class, () -> CsvLoader.load(f, null)).getMessage());
    }

    @Test
    void unknownLabelColumnListsTheColumns() throws IOException {
        Path f = csv("a,b,c\n1,2,0\n3,4,1\n");
        assertEquals(f + ": no column named 'kind'; columns: a, b, c",
                assertThrows(CsvFormatException.class, () -> CsvLoader.load(f, "kind")).getMessage());
        assertTrue(assertThrows(CsvFormatException.class, () -> CsvLoader.load(f, "5")).getMessage()
                .contains("label column index 5 is outside [0, 3)"));
    }

    @Test
    void emptyFileAndSingleClassAreErrors() throws IOException {
        Path empty = csv("# nothing\n\n");
        assertEquals(empty + ": no data rows",
                assertThrows(CsvFormatException.class, () -> CsvLoader.load(empty, null)).getMessage());
        Path one = csv("1,2,7\n3,4,7\n");
        assertTrue(assertThrows(CsvFormatException.class, () -> CsvLoader.load(one, null)).getMessage()
                .contains("every row has the label '7'"));
    }

    @Test
    void dataSetsLoadsAFileByPathAndRejectsUnknownNames() throws IOException {
        Path f = csv("a,label\n" + "1,0\n2,1\n".repeat(10));
        Split s = DataSets.load(f.toString(), "label", 0.2, 1);
        assertEquals(16, s.train().rows());
        assertEquals(4, s.validation().rows());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSets.load("nope", null, 0.2, 1));
        assertTrue(e.getMessage().startsWith("unknown data 'nope': not one of spirals, xor"), e.getMessage());
    }
}
