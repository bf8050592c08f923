/**
 * The drift outputs: the HTML report ({@code index.html}), the full machine-readable result
 * ({@code drift_report.json}) and the one-glance status ({@code drift_status.json}).
 */
package dev.shadowpipeline.report.drift;
