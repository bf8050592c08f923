/**
 * Alerts for monitoring events: drift detected or recovered, a failed pipeline run, a failed shadow gate.
 *
 * <p>A {@link dev.shadowpipeline.alert.Notifier} sends an {@link dev.shadowpipeline.alert.AlertEvent} to its
 * channels ({@link dev.shadowpipeline.alert.DiscordChannel}, {@link dev.shadowpipeline.alert.SlackChannel},
 * {@link dev.shadowpipeline.alert.WebhookChannel}) off the caller's thread, cutting each message to the
 * platform's documented limits, retrying rate limits and server errors, and suppressing repeats with an
 * {@link dev.shadowpipeline.alert.AlertCooldown}. Webhook URLs and keys are {@link dev.shadowpipeline.alert.Secret}s
 * and never appear in logs, messages or {@code toString()}.
 */
package dev.shadowpipeline.alert;
