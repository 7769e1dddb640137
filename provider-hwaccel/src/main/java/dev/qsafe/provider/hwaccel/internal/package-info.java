/** Implementation package of the hardware-accelerated provider (not exported). */
package dev.qsafe.provider.hwaccel.internal;
