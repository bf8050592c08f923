/**
 * Redaction of personal data in JSON bodies before anything is written: records, the regression suite and reports
 * only ever see redacted bodies.
 */
package dev.shadowpipeline.shadow.redact;
