package dev.shadowpipeline.drift.data;

/**
 * One column of a dataset as read, before typing: numbers or label counts, plus how many cells were missing.
 */
public sealed interface RawColumn permits NumericColumn, LabelColumn {

  /** The column's name (from the header or the JSON key). */
  String name();

  /** Missing cells, including non-finite numbers ({@code inf}), which Evidently drops too. */
  long missing();

  /** Cells with a value. */
  long present();

  /** How the cells were stored. */
  ValueKind kind();
}
