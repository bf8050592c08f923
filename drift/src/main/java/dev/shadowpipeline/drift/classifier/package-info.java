/**
 * The domain classifier behind text, embedding and multivariate drift: a model trained to tell reference rows from
 * current rows, whose ROC AUC on held-out rows is compared with the AUC that random labelling reaches.
 *
 * <p>{@link dev.shadowpipeline.drift.classifier.TextVectorizer} turns text into TF-IDF features as scikit-learn's
 * {@code TfidfVectorizer} does with Evidently's settings; {@link dev.shadowpipeline.drift.classifier.LinearModel} is
 * an L2-regularized logistic regression (LIBLINEAR, the solver of scikit-learn's {@code
 * LogisticRegression(solver="liblinear")}); {@link dev.shadowpipeline.drift.classifier.RocAuc} is the Mann-Whitney
 * form of scikit-learn's {@code roc_auc_score}; {@link dev.shadowpipeline.drift.classifier.DomainClassifier} splits,
 * trains, scores and compares with the random-labelling reference, deterministically under a seed. {@link
 * dev.shadowpipeline.drift.classifier.KernelTwoSample} is the kernel two-sample test (MMD) for vectors. Pure Java,
 * no I/O.
 */
package dev.shadowpipeline.drift.classifier;
