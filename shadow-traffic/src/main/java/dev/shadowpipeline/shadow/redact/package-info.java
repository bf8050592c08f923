/**
 * What is kept of a request before anything is written: credentials in query strings ({@link
 * dev.shadowpipeline.shadow.redact.QueryRedactor}) and URLs ({@link dev.shadowpipeline.shadow.redact.UrlSecrets}) are
 * masked by default, personal data in JSON bodies when configured ({@link
 * dev.shadowpipeline.shadow.redact.BodyRedactor}). Records, the regression suite, summaries and reports only ever see
 * redacted values; upstream models still receive the originals.
 */
package dev.shadowpipeline.shadow.redact;
