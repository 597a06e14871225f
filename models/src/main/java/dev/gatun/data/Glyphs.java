package dev.gatun.data;

import dev.gatun.tensor.Rng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An image set that needs no download: the digits 0-9 drawn at 28x28 in grey levels [0, 1]
 * (ink bright on black, like MNIST), each with its own font (the logical fonts every JDK has
 * headless: serif, sans-serif, monospaced, dialog, dialog-input; plain, bold, italic), height,
 * width, slant, rotation, stroke thickness, shift and pixel noise, all drawn from the seed. The
 * same seed gives the same images on the same JDK and fonts.
 *
 * <p>Rows are the 784 pixels row by row; labels are the digits. About 10k images a second per core.
 */
public final class Glyphs {
    public static final int SIZE = 28;
    public static final int PIXELS = SIZE * SIZE;

    private static final String[] FAMILIES = {Font.SERIF, Font.SANS_SERIF, Font.MONOSPACED, Font.DIALOG, Font.DIALOG_INPUT};
    private static final int[] STYLES = {Font.PLAIN, Font.BOLD, Font.ITALIC, Font.BOLD | Font.ITALIC};
    /** Outlines are taken at this size and scaled: one outline per font, character and image would be slow. */
    private static final float BASE_SIZE = 64f;

    private Glyphs() {}

    /** {@code count} digit images with labels cycling 0-9, drawn from {@code seed}. */
    public static Dataset generate(String name, int count, long seed) {
        if (count < 10) {
            throw new IllegalArgumentException("glyphs: count must be at least 10 (one per digit), got " + count);
        }
        Shape[][] outlines = outlines(); // [font][digit], at BASE_SIZE, baseline at y = 0
        Rng rng = new Rng(seed);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        float[] x = new float[count * PIXELS];
        int[] y = new int[count];
        try {
            for (int i = 0; i < count; i++) {
                int digit = i % 10;
                y[i] = digit;
                Shape glyph = outlines[rng.nextInt(outlines.length)][digit];
                draw(g, glyph, rng);
                float noise = rng.uniform(0f, 0.12f);
                for (int p = 0; p < PIXELS; p++) {
                    float v = (raster[p] & 0xff) / 255f + (float) (noise * rng.nextGaussian());
                    x[i * PIXELS + p] = Math.clamp(v, 0f, 1f);
                }
            }
        } finally {
            g.dispose();
        }
        return Dataset.classification(name, x, PIXELS, y, 10);
    }

    /** Clears the image and draws one distorted digit, centred on its box like MNIST's (about 20 px tall). */
    private static void draw(Graphics2D g, Shape glyph, Rng rng) {
        g.setTransform(new AffineTransform());
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, SIZE, SIZE);
        Rectangle2D box = glyph.getBounds2D();
        double height = rng.uniform(15f, 22f);
        double scale = height / box.getHeight();
        double widthScale = scale * rng.uniform(0.8f, 1.2f);
        double shear = rng.uniform(-0.25f, 0.25f);
        double angle = Math.toRadians(rng.uniform(-14f, 14f));
        double dx = rng.uniform(-2.5f, 2.5f), dy = rng.uniform(-2.5f, 2.5f);
        float stroke = rng.uniform(0f, 2.2f);
        AffineTransform t = new AffineTransform();
        t.translate(SIZE / 2.0 + dx, SIZE / 2.0 + dy);
        t.rotate(angle);
        t.shear(shear, 0);
        t.scale(widthScale, scale);
        t.translate(-box.getCenterX(), -box.getCenterY()); // the glyph's centre to the origin
        Shape placed = t.createTransformedShape(glyph);
        g.setColor(Color.WHITE);
        g.fill(placed);
        if (stroke > 0.3f) { // thicker strokes: trace the outline too
            g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(placed);
        }
    }

    private static Shape[][] outlines() {
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Shape[][] out = new Shape[FAMILIES.length * STYLES.length][10];
        int f = 0;
        for (String family : FAMILIES) {
            for (int style : STYLES) {
                Font font = new Font(family, style, 1).deriveFont(BASE_SIZE);
                for (int d = 0; d < 10; d++) {
                    out[f][d] = font.createGlyphVector(frc, Character.toString('0' + d)).getOutline();
                }
                f++;
            }
        }
        return out;
    }
}
