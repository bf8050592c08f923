/**
 * Ground truth meets the records: late-arriving labels (a loan that defaulted, a click that happened) joined with the
 * predictions both models made on the same inputs, and the quality of each model computed from the join.
 *
 * <ul>
 *   <li>How labels meet records: {@link dev.shadowpipeline.shadow.labels.LabelJoin} (the join key — the record id
 *       or a field of the request body — the truth field, the positive class, the task, where the predictions are).
 *   <li>Offline, a labels file against a records file: {@link dev.shadowpipeline.shadow.labels.LabelIndex} holds the
 *       labels (bounded in bytes), {@link dev.shadowpipeline.shadow.labels.RecordJoin} streams the records past it.
 *   <li>Live, labels posted to the proxy's admin API: {@code PredictionStore} keeps
 *       recent predictions (bounded in bytes, oldest evicted) and {@code LiveQuality}
 *       joins each label as it arrives.
 *   <li>The result: {@link dev.shadowpipeline.shadow.labels.QualityResult}, written as {@code quality.json} by
 *       {@link dev.shadowpipeline.shadow.labels.QualityJson}; the statistics are those of
 *       {@link dev.shadowpipeline.shadow.quality}.
 * </ul>
 *
 * <p>Nothing here reads a file the user named or prints: the application layer does.
 */
package dev.shadowpipeline.shadow.labels;
