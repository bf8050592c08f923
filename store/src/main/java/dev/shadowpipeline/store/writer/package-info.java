/**
 * Writing comparison windows off the caller's path: {@link dev.shadowpipeline.store.writer.WindowWriter} buffers
 * a bounded number of windows and writes them from one background thread, riding out database outages.
 */
package dev.shadowpipeline.store.writer;
