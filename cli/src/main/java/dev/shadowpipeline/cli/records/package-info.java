/** {@code shadow gate} and {@code shadow report}: verdicts and reports rebuilt from a records file. */
package dev.shadowpipeline.cli.records;
