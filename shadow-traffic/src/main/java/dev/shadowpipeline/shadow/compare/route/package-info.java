/** Which comparators judge which requests: routes from path patterns to comparator lists. */
package dev.shadowpipeline.shadow.compare.route;
