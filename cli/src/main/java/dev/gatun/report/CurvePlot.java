package dev.gatun.report;

import dev.gatun.checkpoint.AtomicFiles;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws a run's learning curves as a PNG: loss per epoch on the left, accuracy per epoch on
 * the right, training and validation in two colours with a legend. Java2D, headless (no
 * display needed); the file is written atomically.
 */
public final class CurvePlot {
    private static final int PANEL_W = 520, PANEL_H = 380, MARGIN_L = 64, MARGIN_R = 16, MARGIN_T = 36, MARGIN_B = 48;
    private static final Color TRAIN = new Color(0x1f77b4), VALIDATION = new Color(0xff7f0e);
    private static final Color GRID = new Color(0xe4e4e4), AXIS = new Color(0x333333);

    private CurvePlot() {}

    public static void write(Path file, TrainResult result) throws IOException {
        System.setProperty("java.awt.headless", "true"); // before the first AWT class needs a display
        BufferedImage image = draw(result);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer in this JDK");
        }
        AtomicFiles.write(file, png.toByteArray());
    }

    static BufferedImage draw(TrainResult result) {
        BufferedImage image = new BufferedImage(2 * PANEL_W, PANEL_H + 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(AXIS);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(result.model() + " on " + result.data() + ", backend " + result.backend(), MARGIN_L, 20);
            List<EpochMetrics> h = result.history();
            panel(g, 0, 28, "loss", h, EpochMetrics::trainLoss, EpochMetrics::valLoss, false);
            panel(g, PANEL_W, 28, "accuracy", h, EpochMetrics::trainAccuracy, EpochMetrics::valAccuracy, true);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, int x0, int y0, String title, List<EpochMetrics> h,
                              ToDoubleFunction<EpochMetrics> train, ToDoubleFunction<EpochMetrics> val,
                              boolean fraction) {
        int left = x0 + MARGIN_L, right = x0 + PANEL_W - MARGIN_R, top = y0 + MARGIN_T, bottom = y0 + PANEL_H - MARGIN_B;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (EpochMetrics m : h) {
            for (double v : new double[] {train.applyAsDouble(m), val.applyAsDouble(m)}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (fraction || !(lo <= hi)) { // accuracy reads best on a fixed 0..1 scale
            lo = 0;
            hi = 1;
        } else {
            lo = Math.min(0, lo);
            hi = Math.max(hi, lo + 1e-6);
        }
        double tick = niceStep((hi - lo) / 5);
        lo = Math.floor(lo / tick) * tick;
        hi = Math.ceil(hi / tick) * tick;
        int ticks = (int) Math.round((hi - lo) / tick);
        int epochs = Math.max(1, h.size());
        // grid and tick labels
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int decimals = (int) Math.max(0, Math.min(6, -Math.floor(Math.log10(tick) + 1e-9))); // as many as the step has
        for (int i = 0; i <= ticks; i++) {
            double v = lo + tick * i;
            int y = (int) Math.round(bottom - (bottom - top) * (double) i / ticks);
            g.setColor(GRID);
            g.drawLine(left, y, right, y);
            g.setColor(AXIS);
            String label = fraction ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : String.format(Locale.ROOT, "%." + decimals + "f", v);
            g.drawString(label, left - 6 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        int epochTicks = Math.min(epochs - 1, 8);
        for (int i = 0; i <= epochTicks; i++) {
            int epoch = 1 + (int) Math.round((epochs - 1) * (double) i / Math.max(1, epochTicks));
            int x = xOf(epoch, epochs, left, right);
            g.setColor(AXIS);
            g.drawLine(x, bottom, x, bottom + 4);
            String label = Integer.toString(epoch);
            g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 6 + fm.getAscent());
        }
        g.drawRect(left, top, right - left, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, left + (right - left - g.getFontMetrics().stringWidth(title)) / 2, top - 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("epoch", left + (right - left - g.getFontMetrics().stringWidth("epoch")) / 2, bottom + 36);

        curve(g, h, train, TRAIN, epochs, lo, hi, left, right, top, bottom);
        boolean hasVal = h.stream().anyMatch(m -> Double.isFinite(val.applyAsDouble(m)));
        if (hasVal) {
            curve(g, h, val, VALIDATION, epochs, lo, hi, left, right, top, bottom);
        }
        // legend, top right inside the frame (bottom right for accuracy, where the curves rarely are)
        int ly = fraction ? bottom - (hasVal ? 40 : 22) : top + 8;
        legend(g, right - 110, ly, TRAIN, "train");
        if (hasVal) {
            legend(g, right - 110, ly + 18, VALIDATION, "validation");
        }
    }

    /** The step among 1, 2, 2.5, 5 times a power of ten nearest above {@code raw}: ticks people read easily. */
    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * (1 - 1e-9)) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static void curve(Graphics2D g, List<EpochMetrics> h, ToDoubleFunction<EpochMetrics> f, Color color,
                              int epochs, double lo, double hi, int left, int right, int top, int bottom) {
        Path2D.Double path = new Path2D.Double();
        boolean started = false;
        for (EpochMetrics m : h) {
            double v = f.applyAsDouble(m);
            if (!Double.isFinite(v)) {
                continue;
            }
            double x = xOf(m.epoch(), epochs, left, right);
            double y = bottom - (bottom - top) * (v - lo) / (hi - lo);
            if (started) {
                path.lineTo(x, y);
            } else {
                path.moveTo(x, y);
                started = true;
            }
            g.setColor(color);
            g.fillOval((int) x - 2, (int) y - 2, 5, 5);
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.draw(path);
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String label) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(x, y + 6, x + 22, y + 6);
        g.setStroke(new BasicStroke(1f));
        g.setColor(AXIS);
        g.drawString(label, x + 28, y + 10);
    }

    private static int xOf(int epoch, int epochs, int left, int right) {
        return epochs <= 1 ? (left + right) / 2 : (int) Math.round(left + (right - left) * (epoch - 1.0) / (epochs - 1));
    }
}
