package dev.shadowpipeline.shadow.labels;

/**
 * The labelled inputs on which the two models gave a given pair of different labels, and who was right: in the loan
 * story, {@code reject → approve} with {@code primaryRight} the applicants the new model approved who then defaulted.
 *
 * @param primary the primary's label
 * @param shadow the shadow's label
 * @param count labelled inputs with this pair
 * @param primaryRight of those, the ones where only the primary was right
 * @param shadowRight of those, the ones where only the shadow was right
 */
public record Flip(
    String primary, String shadow, long count, long primaryRight, long shadowRight) {}
