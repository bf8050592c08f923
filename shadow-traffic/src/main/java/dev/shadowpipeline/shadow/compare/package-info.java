/**
 * Comparison of the primary's and the shadow's answers. A {@link dev.shadowpipeline.shadow.compare.ResponseComparator}
 * is a pure function of two {@link dev.shadowpipeline.shadow.compare.Answer}s: no I/O, no clock, safe to call from any
 * thread, so it can run off the caller's path and be tested on its own.
 */
package dev.shadowpipeline.shadow.compare;
