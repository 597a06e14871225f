package dev.gatun.report;

import dev.gatun.checkpoint.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/**
 * Writes a {@link CurveCharts.Figure} as one PNG: the title on a strip above, the panels side by
 * side under it. XChart draws each panel into an image; headless, no display needed. The file
 * is written atomically.
 */
public final class CurvePlot {
    static final int TITLE_HEIGHT = 32;

    private CurvePlot() {}

    public static void write(Path file, CurveCharts.Figure figure) throws IOException {
        System.setProperty("java.awt.headless", "true"); // before the first AWT class needs a display
        BufferedImage image = render(figure);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer in this JDK");
        }
        AtomicFiles.write(file, png.toByteArray());
    }

    static BufferedImage render(CurveCharts.Figure figure) {
        int width = 0, height = 0;
        for (XYChart c : figure.panels()) {
            width += c.getWidth();
            height = Math.max(height, c.getHeight());
        }
        BufferedImage image = new BufferedImage(width, TITLE_HEIGHT + height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            // XChart has no title over several charts: one line of text is all this draws itself.
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x222222));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            int titleWidth = g.getFontMetrics().stringWidth(figure.title());
            g.drawString(figure.title(), Math.max(8, (width - titleWidth) / 2), 22);
            int x = 0;
            for (XYChart c : figure.panels()) {
                g.drawImage(BitmapEncoder.getBufferedImage(c), x, TITLE_HEIGHT, null);
                x += c.getWidth();
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
