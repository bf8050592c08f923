package dev.shadowpipeline.shadow.labels;

/**
 * What happened to every record and every label of a join: nothing is dropped without being counted here.
 *
 * @param records records read (offline) or predictions kept (live)
 * @param recordsWithoutKey records without a join key (no such field in the request body); they are unlabelled
 * @param labels distinct labels received
 * @param duplicateLabels labels whose key came again; the last truth wins
 * @param matchedRecords records that found a label
 * @param joined labelled pairs compared: matched, with both answers and both predictions
 * @param unmatchedLabels labels that found no record (offline) or no kept prediction (live)
 * @param unlabelledRecords records that found no label
 * @param excludedFailed matched records left out because a side gave no usable answer (an error, or a status outside
 *     2xx)
 * @param excludedNoPrediction matched records left out because a side's answer had no label (classification) or no
 *     number (regression) where the predictions are read
 * @param repeatedKeys matched records whose label had matched an earlier record too (the same key twice)
 * @param evictedPredictions live only: predictions evicted from the bounded store before a label came
 * @param droppedForMemory labelled pairs not kept because the memory bound was reached
 */
public record JoinCounts(
    long records,
    long recordsWithoutKey,
    long labels,
    long duplicateLabels,
    long matchedRecords,
    long joined,
    long unmatchedLabels,
    long unlabelledRecords,
    long excludedFailed,
    long excludedNoPrediction,
    long repeatedKeys,
    long evictedPredictions,
    long droppedForMemory) {
  /** A copy with the pairs compared and the pairs left out for want of a prediction, known once the task is. */
  JoinCounts withJoined(long joinedPairs, long noPrediction) {
    return new JoinCounts(
        records,
        recordsWithoutKey,
        labels,
        duplicateLabels,
        matchedRecords,
        joinedPairs,
        unmatchedLabels,
        unlabelledRecords,
        excludedFailed,
        noPrediction,
        repeatedKeys,
        evictedPredictions,
        droppedForMemory);
  }
}
