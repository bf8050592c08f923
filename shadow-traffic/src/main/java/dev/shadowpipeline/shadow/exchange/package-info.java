/**
 * What the proxy captured of one mirrored request: the request, and the primary's and the shadow's answer or the
 * transport error that took its place. Plain values, free of any HTTP library, so comparators and sinks can be
 * used and tested on their own.
 */
package dev.shadowpipeline.shadow.exchange;
