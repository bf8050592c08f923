/**
 * The regression suite: every distinct input on which the shadow diverged, kept with both answers so it can be
 * replayed against the next candidate ({@code shadow regress}).
 */
package dev.shadowpipeline.shadow.suite;
