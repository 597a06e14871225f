package dev.gatun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.data.CharCorpus;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gatun train cnn / transformer on text, then explain and generate from what they saved. */
class TrainModelsCommandTest {
    @TempDir
    Path dir;

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE]+)").matcher(json);
        assertTrue(m.find(), field + " in\n" + json);
        return Double.parseDouble(m.group(1));
    }

    private static String withoutLastNewline(String s) {
        return s.substring(0, s.length() - System.lineSeparator().length());
    }

    @Test
    void cnnLearnsGlyphsAndExplainsADecision() throws Exception {
        Path json = dir.resolve("cnn.json"), weights = dir.resolve("cnn.safetensors"), png = dir.resolve("why.png");
        Cli r = Cli.run("train", "cnn", "--epochs", "2", "--threads", "1", "--json", json.toString(), "--save",
                weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.line("trained cnn 28x28-conv16-conv32-128-10 on glyphs").contains("2 epochs"), r.out());
        double accuracy = number(Files.readString(json), "val_accuracy");
        assertTrue(accuracy >= 0.98, "glyphs test accuracy " + accuracy);

        Cli e = Cli.run("explain", "--model", weights.toString(), "--data", "glyphs", "--index", "7", "--out", png.toString());
        assertEquals(0, e.exitCode(), e.err());
        assertTrue(e.line("glyphs test image 7: label 7, predicted").contains("probability"), e.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "a PNG");
        assertEquals(2 * 280 + 10, img.getWidth(), "input and saliency side by side");
        Cli bad = Cli.run("explain", "--model", weights.toString(), "--index", "99999", "--out", png.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("outside the 2000 test images"), bad.err());
        Path csv = Files.writeString(dir.resolve("d.csv"), "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,9,x\n");
        Cli otherData = Cli.run("explain", "--model", weights.toString(), "--data", csv.toString(), "--out", png.toString());
        assertEquals(1, otherData.exitCode());
        assertEquals("gatun: " + weights + ": a cnn for 28x28 images, but --data " + csv + " holds rows of 2 values; "
                + "expected the data it was trained on", otherData.err().strip());

        // int8: quantized after training, the same test accuracy within a point, about 4x smaller
        Path int8 = dir.resolve("cnn-int8.safetensors");
        Cli q = Cli.run("quantize", "--model", weights.toString(), "--out", int8.toString(), "--calibration-rows", "256");
        assertEquals(0, q.exitCode(), q.err());
        assertTrue(q.line("quantized 4 layers (1, 5, 10, 12) to int8").contains("calibration percentile 99.99 over 256 rows"),
                q.out());
        String accuracies = q.line("test accuracy on 2000 rows");
        java.util.regex.Matcher m = Pattern.compile("float32 ([0-9.]+)%, int8 ([0-9.]+)%").matcher(accuracies);
        assertTrue(m.find(), accuracies);
        assertTrue(Double.parseDouble(m.group(2)) >= Double.parseDouble(m.group(1)) - 1, accuracies);
        assertTrue(Files.size(weights) > 3.8 * Files.size(int8), q.line("file:"));
        // a quantized file is refused where a float one is expected, and by plain checkpoint loading, with the reason
        Cli explainInt8 = Cli.run("explain", "--model", int8.toString(), "--out", png.toString());
        assertEquals(1, explainInt8.exitCode());
        assertTrue(explainInt8.err().contains("an int8 quantized cnn"), explainInt8.err());
        Cli twice = Cli.run("quantize", "--model", int8.toString(), "--out", dir.resolve("again.safetensors").toString());
        assertEquals(1, twice.exitCode());
        assertTrue(twice.err().contains("an int8 quantized cnn"), twice.err());
        assertFalse(Files.exists(dir.resolve("again.safetensors")));

        // distillation: a cnn-small student on the float teacher's soft outputs, then on the int8 teacher's
        Path studentJson = dir.resolve("student.json");
        Cli d = Cli.run("distill", "--teacher", weights.toString(), "--student", "cnn-small", "--epochs", "1", "--threads", "1",
                "--temperature", "2", "--alpha", "0.5", "--json", studentJson.toString());
        assertEquals(0, d.exitCode(), d.err());
        String summary = d.line("distilled at T 2.0, alpha 0.5 from " + weights);
        Matcher sizes = Pattern.compile("teacher ([0-9,]+) parameters.* student ([0-9,]+) parameters \\(([0-9.]+)x smaller\\)")
                .matcher(summary);
        assertTrue(sizes.find(), summary);
        assertEquals(207_018, Long.parseLong(sizes.group(1).replace(",", "")), summary);
        assertTrue(Double.parseDouble(sizes.group(3)) >= 5, summary);
        assertTrue(number(Files.readString(studentJson), "val_accuracy") >= 0.9, Files.readString(studentJson));
        Cli fromInt8 = Cli.run("distill", "--teacher", int8.toString(), "--student", "mlp", "--hidden", "32", "--data", "glyphs",
                "--epochs", "1", "--threads", "1");
        assertEquals(0, fromInt8.exitCode(), fromInt8.err());
        assertTrue(fromInt8.line("distilled at T 4.0, alpha 0.9").contains("student 25,450 parameters"), fromInt8.out());
        Cli perceptron = Cli.run("distill", "--teacher", weights.toString(), "--student", "perceptron");
        assertEquals(2, perceptron.exitCode());
        assertTrue(perceptron.err().contains("student 'perceptron' does not learn from a teacher"), perceptron.err());
        Cli wrongData = Cli.run("distill", "--teacher", weights.toString(), "--student", "mlp", "--data", "moons");
        assertEquals(1, wrongData.exitCode());
        assertTrue(wrongData.err().contains("a cnn for 28x28 images, but --data moons"), wrongData.err());
    }

    @Test
    void characterTransformerBeatsTheUnigramEntropyAndGenerates() throws Exception {
        Path text = dir.resolve("alice.txt"), json = dir.resolve("lm.json"), weights = dir.resolve("lm.safetensors");
        Files.writeString(text, CharCorpus.load(CharCorpus.EMBEDDED, 64, 8, 0.1).text());
        Cli r = Cli.run("train", "transformer", "--data", text.toString(), "--hidden", "32,32", "--epochs", "3",
                "--threads", "1", "--json", json.toString(), "--save", weights.toString());
        assertEquals(0, r.exitCode(), r.err());
        String metrics = Files.readString(json);
        double loss = number(metrics, "val_loss"), unigram = number(metrics, "unigram_entropy");
        assertTrue(loss < unigram, "validation loss " + loss + " nats per character, unigram entropy " + unigram);
        assertTrue(r.line("val_loss").contains("unigram_entropy"), r.out());

        Cli g = Cli.run("generate", "--model", weights.toString(), "--prompt", "Alice ", "--tokens", "40", "--seed", "5");
        assertEquals(0, g.exitCode(), g.err());
        String out = withoutLastNewline(g.out()); // the generated text may end in spaces or newlines of its own
        assertTrue(out.startsWith("Alice ") && out.codePointCount(0, out.length()) == 46, out);
        assertEquals(g.out(), Cli.run("generate", "--model", weights.toString(), "--prompt", "Alice ", "--tokens", "40",
                "--seed", "5").out(), "one seed, one text");
        Cli greedy = Cli.run("generate", "--model", weights.toString(), "--prompt", "Alice ", "--tokens", "10",
                "--temperature", "0");
        assertEquals(0, greedy.exitCode(), greedy.err());

        Cli unknown = Cli.run("generate", "--model", weights.toString(), "--prompt", "€", "--tokens", "5");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("not in the model's vocabulary"), unknown.err());
        Cli notChar = Cli.run("generate", "--model", dir.resolve("missing.safetensors").toString(), "--prompt", "a");
        assertEquals(1, notChar.exitCode());
    }
}
