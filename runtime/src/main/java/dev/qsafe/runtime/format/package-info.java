/**
 * The envelope and detached-signature wire formats (docs/FORMAT.md). Not exported: reached through the facade.
 */
package dev.qsafe.runtime.format;
