/** Where the Spark job's data comes from: files by path or glob, and catalog tables by name. */
package dev.shadowpipeline.spark.source;
