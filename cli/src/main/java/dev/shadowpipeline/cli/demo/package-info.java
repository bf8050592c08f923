/**
 * {@code shadow demo}: the product end to end on one machine with nothing installed — two loan-approval models as
 * real HTTP services on loopback, the shadow proxy in front of them, synthetic applicants as traffic, and a summary.
 */
package dev.shadowpipeline.cli.demo;
