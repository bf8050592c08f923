/** The shadow comparison report: {@code report.html} and {@code summary.json} from a comparison summary. */
package dev.shadowpipeline.report.compare;
