package dev.gatun.cli;

import dev.gatun.cli.models.CnnKind;
import dev.gatun.cli.models.Saliency;
import dev.gatun.data.DataSets;
import dev.gatun.data.Dataset;
import dev.gatun.nn.Sequential;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gatun explain}: an image of the test set beside the saliency map of a saved cnn's decision on it. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw an image beside its saliency map: how much each pixel moves the predicted class's score.",
                "Example: gatun train cnn --save cnn.safetensors",
                "         gatun explain --model cnn.safetensors --data glyphs --index 7 --out saliency.png"})
final class ExplainCommand implements Callable<Integer> {
    private static final int ZOOM = 10, CAPTION = 44;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A cnn saved by gatun train cnn --save.")
    Path model;

    @Option(names = "--data", defaultValue = "glyphs", paramLabel = "NAME|DIR",
            description = "glyphs, fashion-mnist or a folder of MNIST-format files (default: glyphs).")
    String data;

    @Option(names = "--index", defaultValue = "0", paramLabel = "N", description = "Which test image (default: 0).")
    int index;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the glyphs drawn (as in gatun train; default: 1).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the picture.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        InputsAndOutputs.of(spec).input("--model", model).data("--data", data).output("--out", out).check();
        Dataset test = DataSets.load(data, null, 0.2, seed).validation();
        if (index < 0 || index >= test.rows()) {
            throw new IllegalArgumentException("--index " + index + " is outside the " + test.rows() + " test images of " + data);
        }
        float[] pixels = test.row(index);
        Saliency s;
        try (Sequential net = CnnKind.load(model)) {
            CnnKind.requireFits(model, test, data);
            s = Saliency.of(net, pixels);
        }
        String predicted = test.classNames().get(s.predicted());
        String actual = test.classNames().get(test.label(index));
        BufferedImage picture = draw(pixels, s.gradient(), String.format(Locale.ROOT, "label %s, predicted %s (%.1f%%)",
                actual, predicted, 100 * s.confidence()));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(picture, "png", png);
        dev.gatun.checkpoint.AtomicFiles.write(out, png.toByteArray());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s test image %d: label %s, predicted %s with probability %.3f%n", data, index, actual,
                predicted, s.confidence());
        w.println("saliency: " + out);
        w.flush();
        return 0;
    }

    /** The image in grey on the left, |gradient| on the right (black, red, yellow, white as it grows), a caption below. */
    static BufferedImage draw(float[] pixels, float[] gradient, String caption) {
        int side = (int) Math.round(Math.sqrt(pixels.length));
        int w = side * ZOOM;
        BufferedImage img = new BufferedImage(2 * w + ZOOM, w + CAPTION, BufferedImage.TYPE_INT_RGB);
        float max = 1e-12f;
        for (float g : gradient) {
            max = Math.max(max, Math.abs(g));
        }
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = y * side + x;
                int grey = Math.round(255 * Math.clamp(pixels[p], 0f, 1f));
                fill(img, x * ZOOM, y * ZOOM, new Color(grey, grey, grey).getRGB());
                fill(img, w + ZOOM + x * ZOOM, y * ZOOM, heat(Math.abs(gradient[p]) / max));
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("input", 4, w + 18);
        g.drawString("saliency |d score / d pixel|", w + ZOOM + 4, w + 18);
        g.drawString(caption, 4, w + 38);
        g.dispose();
        return img;
    }

    private static void fill(BufferedImage img, int x0, int y0, int rgb) {
        for (int y = y0; y < y0 + ZOOM; y++) {
            for (int x = x0; x < x0 + ZOOM; x++) {
                img.setRGB(x, y, rgb);
            }
        }
    }

    /** 0 black, 1/3 red, 2/3 yellow, 1 white. */
    private static int heat(float t) {
        float v = Math.clamp(t, 0f, 1f) * 3;
        int r = Math.round(255 * Math.min(1f, v));
        int g = Math.round(255 * Math.clamp(v - 1, 0f, 1f));
        int b = Math.round(255 * Math.clamp(v - 2, 0f, 1f));
        return new Color(r, g, b).getRGB();
    }
}
