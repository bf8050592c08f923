/** The Spark job's entry point: {@code spark-submit --class dev.shadowpipeline.spark.SparkDriftCommand}. */
package dev.shadowpipeline.spark;
