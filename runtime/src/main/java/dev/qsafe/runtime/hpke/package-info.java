/**
 * RFC 9180 HPKE in base mode over the engines a registry selects.
 */
package dev.qsafe.runtime.hpke;
