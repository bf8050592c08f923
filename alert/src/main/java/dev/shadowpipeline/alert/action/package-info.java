/**
 * The {@code on-drift} action: what to do besides alerting when drift is found, e.g. trigger retraining, by POSTing
 * the run summary to a URL or running a configured command with a timeout.
 */
package dev.shadowpipeline.alert.action;
