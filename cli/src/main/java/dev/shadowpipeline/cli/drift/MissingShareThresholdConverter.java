package dev.shadowpipeline.cli.drift;

import dev.shadowpipeline.drift.engine.DriftOptions;
import java.util.OptionalDouble;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --missing-share-threshold}: a number in (0, 1], or {@code off}. A converter rather than a check in the
 * command, so that a bad value from the config file is reported with its file and key, as every other option is.
 */
final class MissingShareThresholdConverter implements ITypeConverter<OptionalDouble> {

  @Override
  public OptionalDouble convert(String value) {
    try {
      return DriftOptions.parseMissingShareThreshold(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
