/**
 * The facade: {@link dev.qsafe.runtime.QSafe} (seal, open, sign, verify, identities) and its {@link dev.qsafe.runtime.Batch}es.
 * Built on the packages below it; none of them uses this one.
 */
package dev.qsafe.runtime;
