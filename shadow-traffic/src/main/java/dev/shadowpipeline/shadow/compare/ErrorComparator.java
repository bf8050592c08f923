package dev.shadowpipeline.shadow.compare;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.shadowpipeline.shadow.exchange.ErrorKind;
import dev.shadowpipeline.shadow.exchange.TransportError;
import java.util.ArrayList;
import java.util.List;

/**
 * Speaks for pairs in which a side failed, so that the output comparators need not (they stay silent on such pairs).
 *
 * <ul>
 *   <li>the primary gave no answer (transport error): {@link DifferenceKind#PRIMARY_ERROR}, default
 *       {@link Severity#INFO} — not the candidate's fault;
 *   <li>the shadow did not answer in time ({@link ErrorKind#TIMEOUT}): {@link DifferenceKind#SHADOW_TIMEOUT}, default
 *       {@link Severity#WARNING};
 *   <li>the shadow gave no answer for another reason (refused, reset, TLS, overloaded, ...):
 *       {@link DifferenceKind#SHADOW_ERROR}, default {@link Severity#WARNING};
 *   <li>both answered with different status classes ({@code status / 100}: 2xx against 5xx, 4xx against 2xx, ...):
 *       {@link DifferenceKind#STATUS_CLASS}, default {@link Severity#WARNING}, reason e.g. {@code 2xx -> 5xx}, values
 *       the two statuses. Statuses of the same class (200 against 201) are no divergence here.
 * </ul>
 * Both sides can fail at once; then both errors are listed. An error difference carries the error kind as its value
 * and {@code kind: message} as its reason. Makes no observations (error rates come from the records). Immutable and
 * thread-safe.
 */
public final class ErrorComparator implements ResponseComparator {

  /** The name in verdicts. */
  public static final String NAME = "errors";

  /**
   * Configuration: the severity of each kind of failure.
   *
   * @param statusClass severity of a status class mismatch
   * @param shadowTimeout severity of a shadow timeout
   * @param shadowError severity of any other shadow transport error
   * @param primaryError severity of a primary transport error
   */
  public record Spec(
      Severity statusClass, Severity shadowTimeout, Severity shadowError, Severity primaryError) {

    public Spec {
      Outputs.severity("status class severity", statusClass);
      Outputs.severity("shadow timeout severity", shadowTimeout);
      Outputs.severity("shadow error severity", shadowError);
      Outputs.severity("primary error severity", primaryError);
    }

    /** Warnings for the shadow's failures and status mismatches, info for the primary's failures. */
    public static Spec defaults() {
      return new Spec(Severity.WARNING, Severity.WARNING, Severity.WARNING, Severity.INFO);
    }
  }

  private final Spec spec;

  public ErrorComparator(Spec spec) {
    this.spec = java.util.Objects.requireNonNull(spec, "spec");
  }

  public Spec spec() {
    return spec;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Verdict compare(Answer primary, Answer shadow) {
    List<Difference> out = new ArrayList<>(2);
    TransportError pe = primary.error();
    TransportError se = shadow.error();
    if (pe != null) {
      out.add(
          new Difference(
              DifferenceKind.PRIMARY_ERROR,
              "",
              TextNode.valueOf(pe.kind().label()),
              null,
              spec.primaryError(),
              reason(pe)));
    }
    if (se != null) {
      boolean timeout = se.kind() == ErrorKind.TIMEOUT;
      out.add(
          new Difference(
              timeout ? DifferenceKind.SHADOW_TIMEOUT : DifferenceKind.SHADOW_ERROR,
              "",
              null,
              TextNode.valueOf(se.kind().label()),
              timeout ? spec.shadowTimeout() : spec.shadowError(),
              reason(se)));
    }
    if (pe == null && se == null && primary.status() / 100 != shadow.status() / 100) {
      out.add(
          new Difference(
              DifferenceKind.STATUS_CLASS,
              "",
              IntNode.valueOf(primary.status()),
              IntNode.valueOf(shadow.status()),
              spec.statusClass(),
              statusClass(primary.status()) + " -> " + statusClass(shadow.status())));
    }
    return Verdict.of(NAME, out, List.of());
  }

  private static String statusClass(int status) {
    return status / 100 + "xx";
  }

  private static String reason(TransportError e) {
    return e.message().isEmpty() ? e.kind().label() : e.kind().label() + ": " + e.message();
  }
}
