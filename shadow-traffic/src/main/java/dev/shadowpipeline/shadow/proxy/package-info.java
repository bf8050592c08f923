/**
 * The forking reverse proxy. {@link dev.shadowpipeline.shadow.proxy.ShadowProxy} answers every caller from the
 * primary model and sends a copy of sampled requests to the shadow model in the background; the caller never waits
 * for the shadow, for the comparison, or for the records. The admin server publishes health and Prometheus
 * metrics and lets an operator swap, sample or pause the shadow at run time.
 */
package dev.shadowpipeline.shadow.proxy;
