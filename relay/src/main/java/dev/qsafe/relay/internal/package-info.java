/** The relay's implementation: HTTP handler, storage (SQLite, PostgreSQL), limits, metrics. Not exported. */
package dev.qsafe.relay.internal;
