/**
 * The drift comparison on Spark: exact counts and distributed scans reduced to the drift engine's inputs, judged by
 * the engine.
 */
package dev.shadowpipeline.spark.job;
