package dev.gatun.data;

import java.util.Arrays;
import java.util.List;

/**
 * A table of examples: {@code rows x columns} float features (row-major) and one target per
 * row, either a class id in {@code [0, classes)} (classification) or a float (regression).
 *
 * <p>Plain Java arrays on purpose: nothing here outlives or pins native memory; a trainer
 * copies the rows once into the tensors it reads batches from. Instances are immutable.
 */
public final class Dataset {
    private final String name;
    private final float[] features; // [rows, columns]
    private final int rows;
    private final int columns;
    private final int[] labels; // [rows] class ids; null for regression
    private final float[] targets; // [rows]; null for classification
    private final List<String> classNames; // [classes]; empty for regression
    private final float[] teacherLogits; // [rows, classes] a teacher's scores, for distillation; usually null

    private Dataset(String name, float[] features, int rows, int columns, int[] labels, float[] targets,
                    List<String> classNames) {
        this(name, features, rows, columns, labels, targets, classNames, null);
    }

    private Dataset(String name, float[] features, int rows, int columns, int[] labels, float[] targets,
                    List<String> classNames, float[] teacherLogits) {
        if (rows < 0 || columns < 1 || features.length != (long) rows * columns) {
            throw new IllegalArgumentException("dataset " + name + ": " + features.length + " feature values for "
                    + rows + " rows x " + columns + " columns");
        }
        this.name = name;
        this.features = features;
        this.rows = rows;
        this.columns = columns;
        this.labels = labels;
        this.targets = targets;
        this.classNames = List.copyOf(classNames);
        this.teacherLogits = teacherLogits;
    }

    /** A classification set; class names default to "0", "1", ... */
    public static Dataset classification(String name, float[] features, int columns, int[] labels, int classes) {
        String[] names = new String[classes];
        for (int c = 0; c < classes; c++) {
            names[c] = Integer.toString(c);
        }
        return classification(name, features, columns, labels, List.of(names));
    }

    public static Dataset classification(String name, float[] features, int columns, int[] labels,
                                         List<String> classNames) {
        int classes = classNames.size();
        if (classes < 2) {
            throw new IllegalArgumentException("dataset " + name + ": classification needs at least 2 classes, got " + classes);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("dataset " + name + ": label " + labels[i] + " of row " + i
                        + " is outside [0, " + classes + ")");
            }
        }
        return new Dataset(name, features, labels.length, columns, labels, null, classNames);
    }

    public static Dataset regression(String name, float[] features, int columns, float[] targets) {
        return new Dataset(name, features, targets.length, columns, null, targets, List.of());
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public boolean isClassification() {
        return labels != null;
    }

    /** Number of classes; 0 for regression. */
    public int classes() {
        return classNames.size();
    }

    public List<String> classNames() {
        return classNames;
    }

    public float feature(int row, int column) {
        return features[row * columns + column];
    }

    /** A copy of one row's features. */
    public float[] row(int row) {
        return Arrays.copyOfRange(features, row * columns, (row + 1) * columns);
    }

    /** Class id of a row (classification only). */
    public int label(int row) {
        if (labels == null) {
            throw new IllegalStateException("dataset " + name + " is a regression set: rows have targets, not labels");
        }
        return labels[row];
    }

    /** Float target of a row: the target for regression, the class id for classification. */
    public float target(int row) {
        return targets != null ? targets[row] : labels[row];
    }

    /** A copy of all features, row-major [rows, columns]. */
    public float[] features() {
        return features.clone();
    }

    /** The rows at {@code indices}, in that order. */
    public Dataset subset(String subsetName, int[] indices) {
        float[] x = new float[indices.length * columns];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * columns, x, i * columns, columns);
        }
        if (labels != null) {
            int[] y = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                y[i] = labels[indices[i]];
            }
            float[] scores = null;
            if (teacherLogits != null) {
                int c = classNames.size();
                scores = new float[indices.length * c];
                for (int i = 0; i < indices.length; i++) {
                    System.arraycopy(teacherLogits, indices[i] * c, scores, i * c, c);
                }
            }
            return new Dataset(subsetName, x, indices.length, columns, y, null, classNames, scores);
        }
        float[] t = new float[indices.length];
        for (int i = 0; i < indices.length; i++) {
            t[i] = targets[indices[i]];
        }
        return new Dataset(subsetName, x, indices.length, columns, null, t, classNames);
    }

    /** The same rows and targets with new features of the same shape (standardized, say). */
    public Dataset withFeatures(float[] newFeatures) {
        if (newFeatures.length != features.length) {
            throw new IllegalArgumentException("dataset " + name + ": withFeatures got " + newFeatures.length
                    + " values for " + rows + " x " + columns);
        }
        return new Dataset(name, newFeatures.clone(), rows, columns, labels, targets, classNames, teacherLogits);
    }

    /**
     * The same rows with a teacher's logits [rows, classes] (row-major) beside the labels: what
     * a student is distilled from ({@link dev.gatun.nn.loss.DistillationLoss}). Kept by
     * {@link #subset} and {@link #withFeatures}.
     */
    public Dataset withTeacherLogits(float[] logits) {
        if (labels == null || logits.length != (long) rows * classes()) {
            throw new IllegalArgumentException("dataset " + name + ": " + logits.length + " teacher logits for "
                    + (labels == null ? "a regression set" : rows + " rows x " + classes() + " classes"));
        }
        return new Dataset(name, features, rows, columns, labels, null, classNames, logits.clone());
    }

    /** Whether a teacher's logits come with the rows ({@link #withTeacherLogits}). */
    public boolean hasTeacherLogits() {
        return teacherLogits != null;
    }

    /** A copy of the teacher's logits, [rows, classes] row-major. */
    public float[] teacherLogits() {
        if (teacherLogits == null) {
            throw new IllegalStateException("dataset " + name + " has no teacher logits (Dataset.withTeacherLogits)");
        }
        return teacherLogits.clone();
    }

    /** The teacher's logit of {@code row} for class {@code c}. */
    public float teacherLogit(int row, int c) {
        if (teacherLogits == null) {
            throw new IllegalStateException("dataset " + name + " has no teacher logits (Dataset.withTeacherLogits)");
        }
        return teacherLogits[row * classNames.size() + c];
    }

    @Override
    public String toString() {
        return name + " [" + rows + " x " + columns + "]"
                + (labels != null ? ", " + classes() + " classes" : ", regression");
    }
}
