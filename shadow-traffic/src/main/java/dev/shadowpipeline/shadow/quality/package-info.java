/**
 * Ground truth for a shadow test: how good each model is on labelled inputs, and whether the difference between the
 * two is real. Pure statistics — no HTTP, no files — so that the proxy, {@code shadow labels}, the gate and the
 * report all compute the same numbers.
 *
 * <ul>
 *   <li>One model's quality: {@link dev.shadowpipeline.shadow.quality.ClassificationQuality} (accuracy, precision,
 *       recall, F1, ROC AUC, Brier score, log loss) and {@link dev.shadowpipeline.shadow.quality.RegressionQuality}
 *       (MAE, RMSE, R²), each defined as scikit-learn defines it.
 *   <li>Both models on the same inputs: {@link dev.shadowpipeline.shadow.quality.PairedClassification} and
 *       {@link dev.shadowpipeline.shadow.quality.PairedRegression} — who is right when they disagree
 *       ({@link dev.shadowpipeline.shadow.quality.Discordance}), McNemar's exact test, and differences with intervals
 *       from a seeded, reproducible {@link dev.shadowpipeline.shadow.quality.PairedBootstrap}; non-inferiority and
 *       superiority checks for the gate ({@link dev.shadowpipeline.shadow.quality.MetricDifference}).
 *   <li>The noise baseline: {@link dev.shadowpipeline.shadow.quality.NoiseTest}, whether a candidate disagrees with
 *       the primary more than a second instance of the primary does.
 *   <li>{@link dev.shadowpipeline.shadow.quality.WilsonInterval} for any proportion.
 * </ul>
 *
 * <p>Every value here is tested against scipy, scikit-learn or numpy; the tests name the call and the version.
 */
package dev.shadowpipeline.shadow.quality;
