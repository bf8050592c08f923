/** The promotion gate: whether a shadow comparison is good enough to put the candidate in production. */
package dev.shadowpipeline.shadow.gate;
