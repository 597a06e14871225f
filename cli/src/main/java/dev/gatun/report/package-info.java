/**
 * What a training run shows and writes: the progress line ({@link dev.gatun.report.ProgressBar},
 * a {@link dev.gatun.train.TrainListener}), the metrics file ({@link dev.gatun.report.MetricsJson})
 * and the loss and accuracy curves ({@link dev.gatun.report.CurveCharts}: XChart models of the panels, drawn
 * by {@link dev.gatun.report.CurvePlot} into a headless PNG; {@link dev.gatun.report.StepLosses} records the
 * per-step losses they show).
 */
package dev.gatun.report;
