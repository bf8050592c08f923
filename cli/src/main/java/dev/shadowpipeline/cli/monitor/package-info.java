/**
 * Monitoring: scheduled drift jobs ({@code shadow schedule}) that keep their history in the store, alert through
 * the configured channels with a cooldown, run the {@code on-drift} action, and feed the static dashboard
 * ({@code shadow site}); plus the drift part of {@code shadow demo}.
 */
package dev.shadowpipeline.cli.monitor;
