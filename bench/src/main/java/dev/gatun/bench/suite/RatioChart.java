package dev.gatun.bench.suite;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart of Gatun / best peer time ratios, one group per model and figure, one
 * bar per backend, on a log scale with the parity line at 1 (left of it Gatun is faster).
 * Java2D, headless, like {@code CurvePlot}.
 */
final class RatioChart {
    private static final int WIDTH = 900, BAR = 14, GAP = 10, LEFT = 170, RIGHT = 70, TOP = 64, BOTTOM = 44;
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd)};
    private static final Color GRID = new Color(0xe4e4e4), AXIS = new Color(0x333333), PARITY = new Color(0xd62728);

    private RatioChart() {}

    static void write(Path file, Map<SuiteReport.Key, Map<String, Double>> ratios, Map<String, Object> machine)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> backends = new ArrayList<>();
        ratios.values().forEach(m -> m.keySet().forEach(b -> {
            if (!backends.contains(b)) {
                backends.add(b);
            }
        }));
        int groupH = Math.max(1, backends.size()) * BAR + GAP;
        int height = TOP + BOTTOM + Math.max(1, ratios.size()) * groupH;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);

        double lo = 0.25, hi = 4;
        for (Map<String, Double> m : ratios.values()) {
            for (double r : m.values()) {
                lo = Math.min(lo, r);
                hi = Math.max(hi, r);
            }
        }
        double logLo = Math.floor(Math.log(lo) / Math.log(2)), logHi = Math.ceil(Math.log(hi) / Math.log(2));
        int plotW = WIDTH - LEFT - RIGHT;
        java.util.function.DoubleToIntFunction x = r -> LEFT + (int) Math.round((Math.log(r) / Math.log(2) - logLo) / (logHi - logLo) * plotW);

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(AXIS);
        g.drawString("Gatun time / the fastest peer's time, each at its better thread count (log scale; < 1: Gatun faster)", 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(machine.get("cpu") + ", " + machine.get("cores") + " cores, " + machine.get("jdk") + ", OpenBLAS "
                + machine.get("openblasCore") + ", oneDNN " + machine.get("onednnIsa") + ", " + machine.get("mode") + " run "
                + machine.get("date") + ", load " + machine.get("loadAverage"), 12, 40);

        int plotBottom = height - BOTTOM;
        for (double e = logLo; e <= logHi; e++) {
            int px = x.applyAsInt(Math.pow(2, e));
            g.setColor(GRID);
            g.drawLine(px, TOP - 6, px, plotBottom);
            g.setColor(AXIS);
            String label = e >= 0 ? String.valueOf((int) Math.pow(2, e)) : "1/" + (int) Math.pow(2, -e);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, plotBottom + 16);
        }

        int y = TOP;
        for (var row : ratios.entrySet()) {
            g.setColor(AXIS);
            String label = row.getKey().label();
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + groupH / 2);
            for (int b = 0; b < backends.size(); b++) {
                Double r = row.getValue().get(backends.get(b));
                if (r != null) {
                    int x0 = x.applyAsInt(Math.pow(2, logLo)), x1 = x.applyAsInt(r);
                    g.setColor(COLORS[b % COLORS.length]);
                    g.fillRect(x0, y + b * BAR + 1, Math.max(1, x1 - x0), BAR - 2);
                    g.setColor(AXIS);
                    g.drawString(String.format(Locale.ROOT, "%.2f", r), x1 + 4, y + b * BAR + BAR - 3);
                }
            }
            y += groupH;
        }
        int one = x.applyAsInt(1);
        g.setColor(PARITY);
        g.setStroke(new BasicStroke(2f));
        g.drawLine(one, TOP - 6, one, plotBottom);

        int lx = LEFT;
        for (int b = 0; b < backends.size(); b++) {
            g.setColor(COLORS[b % COLORS.length]);
            g.fillRect(lx, plotBottom + 24, 12, 12);
            g.setColor(AXIS);
            String name = "Gatun " + backends.get(b);
            g.drawString(name, lx + 16, plotBottom + 34);
            lx += 24 + g.getFontMetrics().stringWidth(name);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
