package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.json.JsonReader;
import dev.gatun.report.MetricsJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/metrics-json.md lists every field the train and sweep commands write; no setting is written as null. */
class MetricsJsonSchemaTest {

    /** Surefire runs in cli/ and names it in the basedir property. */
    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "..", "docs", "metrics-json.md");

    @TempDir
    Path dir;

    @Test
    void everyFieldOfATrainRunIsDocumentedAndNoSettingIsNull() throws Exception {
        Path json = dir.resolve("train.json");
        Cli r = Cli.run("train", "mlp", "--data", "moons", "--epochs", "2", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<?, ?> m = (Map<?, ?>) JsonReader.parse(Files.readString(json));
        assertEquals(MetricsJson.SCHEMA_VERSION, ((Number) m.get("schema_version")).intValue());
        Map<?, ?> config = (Map<?, ?>) m.get("config");
        config.forEach((k, v) -> assertNotNull(v, "config." + k + " is null"));
        assertDocumented(fields(m));
    }

    @Test
    void everyFieldOfASweepIsDocumented() throws Exception {
        Path json = dir.resolve("sweep.json");
        Cli r = Cli.run("sweep", "mlp", "--hidden", "2,4", "--data", "moons", "--epochs", "2", "--json", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<?, ?> m = (Map<?, ?>) JsonReader.parse(Files.readString(json));
        assertEquals(MetricsJson.SCHEMA_VERSION, ((Number) m.get("schema_version")).intValue());
        assertDocumented(fields(m));
    }

    /** Every key at every depth (objects inside arrays too). */
    private static List<String> fields(Object json) {
        List<String> out = new ArrayList<>();
        if (json instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                out.add((String) k);
                out.addAll(fields(v));
            });
        } else if (json instanceof List<?> list) {
            list.forEach(e -> out.addAll(fields(e)));
        }
        return out;
    }

    private static void assertDocumented(List<String> fields) throws Exception {
        assertTrue(Files.isRegularFile(DOC), "missing " + DOC.toAbsolutePath());
        String doc = Files.readString(DOC);
        for (String f : fields) {
            assertTrue(doc.contains("`" + f + "`"), "field '" + f + "' is written but not described in docs/metrics-json.md");
        }
    }
}
