package dev.shadowpipeline.app.drift;

import java.util.Objects;

/**
 * A column named in the drift options ({@code columns}, {@code exclude}, {@code column-test}, {@code column-type})
 * that neither dataset has, or exclusions that leave none to compare: a typo
 * would otherwise leave the column on its default test or type without a word. Known only once the data is read, so
 * thrown between reading and comparing, before anything is written.
 */
public final class UnknownColumnException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String column;

  /**
   * @param setting the option's name without dashes, as its config key is spelt, e.g. {@code exclude} or {@code
   *     column-test}
   * @param column the name given
   * @param message one line naming the column, the data and, when one is close, the column meant
   */
  public UnknownColumnException(String setting, String column, String message) {
    super(message);
    this.setting = Objects.requireNonNull(setting, "setting");
    this.column = Objects.requireNonNull(column, "column");
  }

  /** The option that named the column, as its config key, e.g. {@code exclude} or {@code column-test}. */
  public String setting() {
    return setting;
  }

  /** The column name given. */
  public String column() {
    return column;
  }
}
