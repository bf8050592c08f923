/**
 * Shadow traffic: the forking proxy that answers callers from the primary model while a copy of each request goes
 * to the shadow model, the comparison of the two answers, and the recording of every mirrored pair.
 */
package dev.shadowpipeline.shadow;
