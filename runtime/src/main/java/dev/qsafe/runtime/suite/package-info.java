/**
 * What a message is made of and what is allowed: {@link dev.qsafe.runtime.suite.Suite} and
 * {@link dev.qsafe.runtime.suite.Policy}.
 */
package dev.qsafe.runtime.suite;
