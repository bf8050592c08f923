/**
 * Byte bounds of everything the proxy holds for recording: budgets that refuse instead of waiting, and their defaults
 * derived from the heap.
 */
package dev.shadowpipeline.shadow.memory;
