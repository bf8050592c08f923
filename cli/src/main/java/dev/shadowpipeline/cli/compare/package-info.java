/**
 * How pairs are judged, from flags and the {@code compare:} / {@code redact:} sections of the config file, shared by
 * {@code proxy}, {@code replay} and {@code regress}.
 */
package dev.shadowpipeline.cli.compare;
