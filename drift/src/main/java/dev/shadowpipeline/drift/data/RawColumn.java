package dev.shadowpipeline.drift.data;

/**
 * One column of a dataset as read, before typing: numbers, label counts or sampled vectors, plus how many cells were
 * missing.
 */
public sealed interface RawColumn permits NumericColumn, LabelColumn, VectorColumn {

  /** The column's name (from the header or the JSON key). */
  String name();

  /** Missing cells, including non-finite numbers ({@code inf}), which Evidently drops too. */
  long missing();

  /** Cells with a value. */
  long present();

  /** How the cells were stored. */
  ValueKind kind();
}
