/**
 * What a training run shows and writes: the progress line ({@link dev.gatun.report.ProgressBar},
 * a {@link dev.gatun.train.TrainListener}), the metrics file ({@link dev.gatun.report.MetricsJson})
 * and the loss and accuracy curves ({@link dev.gatun.report.CurvePlot}, a headless Java2D PNG).
 */
package dev.gatun.report;
