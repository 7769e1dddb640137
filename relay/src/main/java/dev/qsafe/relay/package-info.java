/**
 * The relay's API: {@link dev.qsafe.relay.RelayServer} and its {@link dev.qsafe.relay.RelayConfig},
 * the client {@link dev.qsafe.relay.RelayClient}, and RFC 9421 HTTP message signatures
 * ({@link dev.qsafe.relay.HttpSignatures}) with which queue owners sign fetches. See docs/RELAY.md.
 */
package dev.qsafe.relay;
