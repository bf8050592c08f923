package dev.shadowpipeline.cli.config;

import dev.shadowpipeline.app.config.ByteSizes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Sizes in bytes ({@link ByteSizes}), for picocli options. */
public final class ByteSizeConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String value) {
    try {
      return ByteSizes.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
