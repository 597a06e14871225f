package dev.gatun.report;

import dev.gatun.train.EpochMetrics;
import dev.gatun.train.TrainListener;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows a run as it trains. On a terminal, one line redrawn in place with a carriage return
 * (epoch, a bar, samples/s, the running loss, the time left), then a summary line per epoch.
 * When the output is a file or a pipe, only the summary line per epoch: logs stay readable and
 * free of control characters.
 */
public final class ProgressBar implements TrainListener {
    private static final long REDRAW_NANOS = 100_000_000; // 10 redraws a second is smooth and cheap
    private static final int BAR = 24;

    private final PrintWriter out;
    private final boolean interactive;
    private String model = "";
    private int epochs;
    private long rowsPerEpoch;
    private long startNanos, epochStartNanos, lastDraw;
    private int lastWidth;
    private int currentEpoch;

    public ProgressBar(PrintWriter out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Writes to {@code out}, redrawing in place only when this JVM's standard output is a terminal. */
    public static ProgressBar toConsole(PrintWriter out) {
        Console console = System.console();
        return new ProgressBar(out, console != null && console.isTerminal());
    }

    @Override
    public void start(String model, int epochs, long rowsPerEpoch) {
        this.model = model;
        this.epochs = epochs;
        this.rowsPerEpoch = rowsPerEpoch;
        this.startNanos = System.nanoTime();
        this.epochStartNanos = startNanos;
        this.currentEpoch = 1;
    }

    @Override
    public void step(int epoch, long rowsDone, double loss) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (epoch != currentEpoch) {
            currentEpoch = epoch;
            epochStartNanos = now;
        }
        if (now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double fraction = rowsPerEpoch == 0 ? 1 : Math.min(1, (double) rowsDone / rowsPerEpoch);
        int filled = (int) Math.round(fraction * BAR);
        double epochSeconds = (now - epochStartNanos) / 1e9;
        double rate = epochSeconds > 0 ? rowsDone / epochSeconds : 0;
        double done = (epoch - 1) + fraction;
        double elapsed = (now - startNanos) / 1e9;
        double eta = done > 0 ? elapsed * (epochs - done) / done : Double.NaN;
        draw(String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3.0f%%  %s samples/s  loss %.4f  ETA %s",
                epoch, epochs, "=".repeat(filled), " ".repeat(BAR - filled), 100 * fraction, count(rate), loss,
                duration(eta)));
    }

    @Override
    public void epoch(EpochMetrics m) {
        int width = String.valueOf(epochs).length();
        String line = String.format(Locale.ROOT, "%s epoch %" + width + "d/%d  train loss %.4f%s", model,
                m.epoch(), epochs, m.trainLoss(), accuracy(m.trainAccuracy()));
        if (Double.isFinite(m.valLoss()) || Double.isFinite(m.valAccuracy())) {
            line += String.format(Locale.ROOT, "  val loss %.4f%s", m.valLoss(), accuracy(m.valAccuracy()));
        }
        line += String.format(Locale.ROOT, "  %s samples/s  %.2fs",
                count(Double.isFinite(m.samplesPerSecond()) ? m.samplesPerSecond() : 0), m.seconds());
        println(line);
        lastDraw = 0;
    }

    @Override
    public void note(String message) {
        println(message);
    }

    private void println(String line) {
        if (interactive && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
        out.println(line);
        out.flush();
    }

    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    private static String accuracy(double a) {
        return Double.isFinite(a) ? String.format(Locale.ROOT, " acc %.1f%%", 100 * a) : "";
    }

    /** 1234 -> "1234", 123456 -> "123.5k", 1234567 -> "1.23M". */
    static String count(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Seconds as m:ss, or "?" before there is anything to extrapolate from. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s / 60 + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }
}
