package dev.gatun.cli.models;

import dev.gatun.backend.Backend;
import dev.gatun.data.Dataset;
import dev.gatun.data.Split;
import dev.gatun.nn.Sequential;
import dev.gatun.nn.loss.DistillationLoss;
import dev.gatun.train.Head;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code gatun distill} adds to a training run: a saved cnn as the teacher (float32 or int8),
 * the temperature and the weight {@code alpha} on the teacher's soft targets. The teacher runs
 * once, in inference through its Predictors, on every training and validation row; the student
 * then trains on each row's label and the teacher's logits with {@link DistillationLoss}.
 */
public record Distillation(Path teacher, float temperature, float alpha) {
    /** The kinds that can learn from a teacher: the classifiers trained by {@link Networks#fit}. */
    public static final Set<String> STUDENTS = Set.of("logreg", "mlp", "cnn", "cnn-small");

    public Distillation {
        if (teacher == null) {
            throw new IllegalArgumentException("distillation: no teacher checkpoint");
        }
        new DistillationLoss(temperature, alpha); // the temperature and alpha checks, with their messages
    }

    /** Refuses a student kind that would not use the teacher. */
    static void requireStudent(String model) {
        if (!STUDENTS.contains(model)) {
            throw new IllegalArgumentException("distillation: student '" + model + "' does not learn from a teacher;"
                    + " expected one of " + String.join(", ", new java.util.TreeSet<>(STUDENTS)));
        }
    }

    /**
     * {@code split} with the teacher's logits beside each row's label, computed on the rows as
     * they are (before the student's standardization: the teacher sees the data it was trained on).
     */
    Split withTeacher(Split split, String data, Backend backend) {
        CnnKind.Saved saved;
        try {
            saved = CnnKind.open(teacher);
            try {
                CnnKind.requireFits(teacher, split.validation(), data);
            } catch (IOException | RuntimeException e) {
                saved.net().close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Sequential net = saved.net()) {
            return new Split(logits(net, saved, backend, split.train()), logits(net, saved, backend, split.validation()));
        }
    }

    private static Dataset logits(Sequential net, CnnKind.Saved saved, Backend backend, Dataset rows) {
        return rows.withTeacherLogits(Evaluation.scores(net, saved.quantized(), backend, rows));
    }

    /** The student's head: the distillation loss on {@code data}'s labels and teacher logits. */
    Head head(Dataset data) {
        return Head.distillation(data, temperature, alpha);
    }
}
