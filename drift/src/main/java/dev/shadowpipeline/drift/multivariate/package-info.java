/**
 * Dataset-level multivariate drift: one {@link dev.shadowpipeline.drift.classifier.DomainClassifier} over all tested
 * columns together, on the readers' row samples, to catch joint shifts that no single column shows (a correlation
 * that flips sign leaves every marginal unchanged), and the columns that drive it by permutation importance.
 */
package dev.shadowpipeline.drift.multivariate;
