/**
 * Offline shadow tests: logged inputs (CSV, JSON array, JSONL) sent to a primary and a shadow, or a regression suite
 * sent to a new candidate, with the same records, suite and report as the live proxy.
 */
package dev.shadowpipeline.shadow.replay;
