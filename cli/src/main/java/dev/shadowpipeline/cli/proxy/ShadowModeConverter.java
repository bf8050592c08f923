package dev.shadowpipeline.cli.proxy;

import dev.shadowpipeline.shadow.proxy.ShadowMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code parallel} or {@code after-primary}. */
final class ShadowModeConverter implements ITypeConverter<ShadowMode> {

  @Override
  public ShadowMode convert(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "parallel" -> ShadowMode.PARALLEL;
      case "after-primary", "after_primary" -> ShadowMode.AFTER_PRIMARY;
      default ->
          throw new TypeConversionException(
              "'" + value + "' is not a shadow mode (parallel, after-primary)");
    };
  }
}
