package dev.gatun.cli.models;

import dev.gatun.backend.Backends;
import dev.gatun.data.Dataset;
import dev.gatun.data.DataSets;
import dev.gatun.data.Split;
import dev.gatun.nn.Module;
import dev.gatun.nn.Parameter;
import dev.gatun.nn.loss.CrossEntropyLoss;
import dev.gatun.optim.Optimizer;
import dev.gatun.optim.Optimizers;
import dev.gatun.spark.LabeledRow;
import dev.gatun.spark.SparkTrainConfig;
import dev.gatun.spark.SparkTrainResult;
import dev.gatun.spark.SparkTrainer;
import dev.gatun.train.EpochMetrics;
import dev.gatun.train.Examples;
import dev.gatun.train.Head;
import dev.gatun.train.TrainListener;
import dev.gatun.train.TrainResult;
import dev.gatun.train.Trainer;
import dev.gatun.train.WeightArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code gatun train mlp|cnn --spark MASTER}: the run of {@link Training#run} with the training
 * itself on Spark ({@link SparkTrainer}): the driver loads, splits and standardizes the data as
 * always, hands the training rows to {@code MASTER}'s executors in one partition per worker
 * ({@code local[N]}: N; a cluster: its default parallelism), each worker takes {@code --batch}
 * rows a step, and the driver validates the returned model. Classification only.
 */
public final class SparkTraining {
    private SparkTraining() {}

    /** Builds the mlp of a configuration, the same in every worker (seeded). */
    record MlpFactory(int inputs, int[] hidden, String activation, float dropout, int outputs, long seed)
            implements SparkTrainConfig.ModelFactory {
        @Override
        public Module get() {
            return Networks.mlp(inputs, hidden, activation, dropout, outputs, Networks.Seeds.of(seed));
        }
    }

    /** Builds the cnn of a configuration, the same in every worker (seeded). */
    record CnnFactory(int side, int[] hidden, int outputs, float dropout, long seed) implements SparkTrainConfig.ModelFactory {
        @Override
        public Module get() {
            return CnnKind.network(side, hidden, CnnKind.FC, outputs, dropout, Networks.Seeds.of(seed));
        }
    }

    /** The configuration's optimizer by name, over a replica's parameters. */
    record OptimizerByName(String name, float lr, float weightDecay) implements SparkTrainConfig.OptimizerFactory {
        @Override
        public Optimizer apply(List<Parameter> ps) {
            return name.equalsIgnoreCase("adamw") && weightDecay > 0 ? Optimizers.byName("adamw", ps, lr, weightDecay)
                    : Optimizers.byName(name, ps, lr);
        }
    }

    private static final Pattern LOCAL = Pattern.compile("local\\[(\\d+)(,\\d+)?]");

    public static Training.Run run(TrainConfig c, String master, TrainListener listener) {
        if (!c.model().equals("mlp") && !c.model().equals("cnn")) {
            throw new IllegalArgumentException("--spark trains mlp and cnn, not " + c.model());
        }
        Split split = DataSets.load(c.data(), c.label(), c.valFraction(), c.seed());
        Training.Standardization s = Training.standardize(c, split);
        split = s.split();
        Dataset train = split.train();
        if (!train.isClassification()) {
            throw new IllegalArgumentException("--spark: " + train.name() + " is a regression set; on Spark Gatun trains classifiers");
        }
        Head head = Head.forTask(train, c.loss());
        if (!(head.loss() instanceof CrossEntropyLoss)) {
            throw new IllegalArgumentException("--spark: cross-entropy only (--loss " + c.loss() + ")");
        }
        int[] inputShape;
        SparkTrainConfig.ModelFactory factory;
        int epochs;
        if (c.model().equals("mlp")) {
            inputShape = new int[] {train.columns()};
            factory = new MlpFactory(train.columns(), c.hidden(), c.activation(), c.dropout(), head.outputs(), c.seed());
            epochs = c.epochsOr(MlpKind.DEFAULT_EPOCHS);
        } else {
            int side = (int) Math.round(Math.sqrt(train.columns()));
            inputShape = new int[] {train.columns()}; // the cnn unflattens its rows of pixels itself
            factory = new CnnFactory(side, c.hidden(), head.outputs(), c.dropout(), c.seed());
            epochs = c.epochsOr(CnnKind.DEFAULT_EPOCHS);
        }
        float lr = c.lrOr(Networks.defaultLr(c.optimizer()));
        SparkTrainer trainer = SparkTrainer.builder(factory, CrossEntropyLoss::new, new OptimizerByName(c.optimizer(), lr, c.l2()))
                .inputShape(inputShape).epochs(epochs).batchPerWorker(c.batch()).seed(c.seed()).build();
        List<LabeledRow> rows = new ArrayList<>(train.rows());
        for (int i = 0; i < train.rows(); i++) {
            rows.add(new LabeledRow(train.row(i), train.label(i)));
        }
        // what Spark's own launcher sets for netty on JDK 17+ (JavaModuleOptions); the opens come from the jar's manifest
        System.setProperty("io.netty.tryReflectionSetAccessible", System.getProperty("io.netty.tryReflectionSetAccessible", "true"));
        SparkConf conf = new SparkConf().setMaster(master).setAppName("gatun train " + c.model())
                .setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.log.level", "WARN");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkTrainResult r;
        int workers;
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            Matcher m = LOCAL.matcher(master);
            workers = m.matches() ? Integer.parseInt(m.group(1)) : spark.defaultParallelism();
            listener.note("spark " + master + ": " + workers + " worker(s), " + c.batch() + " rows each per step");
            listener.start(c.model() + " on spark " + master, epochs, train.rows());
            r = trainer.fit(spark.parallelize(rows, workers));
        }
        Module model = r.model();
        Trainer evaluator = Trainer.builder(model, head.loss(), new OptimizerByName("sgd", 0.01f, 0).apply(model.parameters()))
                .build();
        Trainer.Evaluation val;
        try (Examples e = Examples.of(split.validation(), head)) {
            val = evaluator.evaluate(e);
        }
        List<EpochMetrics> history = new ArrayList<>();
        long perEpoch = r.steps() / epochs * (long) workers * c.batch();
        for (int e = 0; e < epochs; e++) {
            boolean last = e == epochs - 1;
            history.add(new EpochMetrics(e + 1, r.epochLoss()[e], Double.NaN, last ? val.loss() : Double.NaN,
                    last ? val.accuracy() : Double.NaN, perEpoch, r.seconds() / epochs));
            listener.epoch(history.getLast());
        }
        Map<String, WeightArray> weights = new LinkedHashMap<>();
        model.stateDict().forEach((name, t) -> weights.put(name, new WeightArray(t.shape(), t.toArray())));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("spark_workers", (double) workers);
        metrics.put("spark_communication_share", r.communicationShare());
        TrainResult result = new TrainResult(c.model() + " on spark " + master, train.name().replace("/train", ""),
                Backends.current().name(), Backends.threads(), history, epochs, false, r.steps() * workers * c.batch(),
                r.seconds(), val.loss(), val.accuracy(), weights, metrics);
        Classifier classifier = data -> {
            try (Examples e = Examples.of(data, head)) {
                return evaluator.predict(e);
            }
        };
        return new Training.Run(c, split, result, classifier, s.standardizer(), model::close, Map.of("gatun.spark", master),
                ThreadChoice.given(Backends.threads(), "the Spark task's cpus on the workers"));
    }
}
