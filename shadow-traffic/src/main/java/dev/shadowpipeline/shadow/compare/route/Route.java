package dev.shadowpipeline.shadow.compare.route;

import dev.shadowpipeline.shadow.compare.ResponseComparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The comparators that judge requests to matching paths.
 *
 * @param path which paths
 * @param methods which methods (upper case), empty for all
 * @param comparators applied in order; the pair matches when all agree
 */
public record Route(PathPattern path, Set<String> methods, List<ResponseComparator> comparators) {

  public Route {
    Objects.requireNonNull(path, "path");
    methods =
        methods.stream()
            .map(m -> m.toUpperCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    comparators = List.copyOf(comparators);
    if (comparators.isEmpty()) {
      throw new IllegalArgumentException("route " + path + " has no comparators");
    }
  }

  /** Whether this route applies to a request. */
  public boolean applies(String method, String requestPath) {
    return (methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT)))
        && path.matches(requestPath);
  }
}
