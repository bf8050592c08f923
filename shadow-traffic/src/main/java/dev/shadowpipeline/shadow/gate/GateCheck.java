package dev.shadowpipeline.shadow.gate;

/**
 * One criterion of the gate and how the comparison fared.
 *
 * @param name the criterion, e.g. {@code agreement}
 * @param actual the measured value, as shown
 * @param limit the required value, as shown
 * @param passed whether it was met
 * @param detail an explanation, e.g. the observed rate behind a lower bound
 */
public record GateCheck(String name, String actual, String limit, boolean passed, String detail) {}
