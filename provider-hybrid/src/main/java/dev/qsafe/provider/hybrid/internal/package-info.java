/** Implementation package of the hybrid provider (not exported). */
package dev.qsafe.provider.hybrid.internal;
