package dev.gatun.bench.suite;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One measured time, ms per call: the median of the repeats with their min and max. */
record Figure(double min, double median, double max) {

    /** From the per-iteration times of a JMH run or the per-repeat times of the peer. */
    static Figure of(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return new Figure(s[0], median, s[s.length - 1]);
    }

    /** From the peer's {"min": .., "median": .., "max": ..}. */
    static Figure of(Map<?, ?> m) {
        return new Figure(num(m.get("min")), num(m.get("median")), num(m.get("max")));
    }

    /** From JMH's primaryMetric.rawData: forks of iterations. */
    static Figure ofRawData(List<?> forks) {
        double[] all = forks.stream().flatMap(f -> ((List<?>) f).stream()).mapToDouble(Figure::num).toArray();
        return of(all);
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    String cell() {
        return String.format(java.util.Locale.ROOT, "%s (%s-%s)", ms(median), ms(min), ms(max));
    }

    static String ms(double v) {
        return v >= 10 ? String.format(java.util.Locale.ROOT, "%.1f", v) : v >= 1
                ? String.format(java.util.Locale.ROOT, "%.2f", v) : String.format(java.util.Locale.ROOT, "%.3f", v);
    }

    Map<String, Object> json() {
        return Map.of("min", min, "median", median, "max", max);
    }
}
