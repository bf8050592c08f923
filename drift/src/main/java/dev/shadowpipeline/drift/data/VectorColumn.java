package dev.shadowpipeline.drift.data;

import java.util.Objects;

/**
 * A column of vectors (embeddings), all of one length: every row is counted, but only the vectors of the dataset's
 * {@link RowSample} are kept, since a million 384-number vectors would not fit in memory and the tests that read them
 * (a domain classifier, a kernel test) work on samples anyway.
 *
 * @param name the column's name
 * @param dimension every vector's length, at least 1 (0 when the column had no vector at all)
 * @param sample the vectors of the sampled rows that have one, in sample order; owned by this record, not to be changed
 * @param present cells with a vector (all rows, not only the sample)
 * @param missing missing cells
 */
public record VectorColumn(String name, int dimension, float[][] sample, long present, long missing)
    implements RawColumn {

  public VectorColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sample, "sample");
    if (!(dimension >= 0 && present >= sample.length && missing >= 0)) {
      throw new IllegalArgumentException(
          "need dimension >= 0, present >= sampled vectors, missing >= 0: "
              + dimension
              + ", "
              + present
              + ", "
              + sample.length
              + ", "
              + missing);
    }
    for (float[] v : sample) {
      if (v.length != dimension) {
        throw new IllegalArgumentException(
            "column '" + name + "': vector of length " + v.length + ", expected " + dimension);
      }
    }
  }

  @Override
  public ValueKind kind() {
    return ValueKind.VECTOR;
  }
}
