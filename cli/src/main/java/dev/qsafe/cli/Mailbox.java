package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.relay.HttpSignatures;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A mailbox file: a receive queue on a relay and the Ed25519 key that signs its fetches (a secret:
 * written owner-only). Its address, {@code RELAY_URL#SEND_ID}, is what senders need.
 */
final class Mailbox {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    final URI relay;
    final String recvId;
    final String sendId;
    final byte[] seed;

    private Mailbox(URI relay, String recvId, String sendId, byte[] seed) {
        this.relay = relay;
        this.recvId = recvId;
        this.sendId = sendId;
        this.seed = seed;
    }

    byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("relay", relay.toString());
        n.put("recv_id", recvId);
        n.put("send_id", sendId);
        n.put("key", Base64.getUrlEncoder().withoutPadding().encodeToString(seed));
        return JSON.writeValueAsBytes(n);
    }

    static Mailbox of(URI relay, String recvId, String sendId, byte[] seed) {
        return new Mailbox(relay, recvId, sendId, seed);
    }

    static Mailbox parse(byte[] json, String file) {
        try {
            JsonNode n = JSON.readTree(json);
            String relay = n.get("relay").asString();
            String recv = n.get("recv_id").asString();
            String send = n.get("send_id").asString();
            byte[] seed = Base64.getUrlDecoder().decode(n.get("key").asString());
            if (!ID.matcher(recv).matches() || !ID.matcher(send).matches() || seed.length != 32) {
                throw new InvalidInputException(file + " is not a qsafe mailbox file");
            }
            return new Mailbox(URI.create(relay), recv, send, seed);
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            throw new InvalidInputException(file + " is not a qsafe mailbox file", e);
        }
    }

    PrivateKey key() {
        return HttpSignatures.ed25519PrivateKey(seed);
    }

    /** The 32-byte seed of a JDK Ed25519 private key. */
    static byte[] seedOf(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
            return ed.getBytes().get();
        }
        throw new IllegalStateException("the JDK's Ed25519 key has no seed");
    }

    String address() {
        return relay + "#" + sendId;
    }

    /** Splits an address {@code RELAY_URL#SEND_ID}. */
    static String[] parseAddress(String address) {
        int hash = address.lastIndexOf('#');
        if (hash < 1 || !ID.matcher(address.substring(hash + 1)).matches()
                || !(address.startsWith("http://") || address.startsWith("https://"))) {
            throw new InvalidInputException("an address is RELAY_URL#SEND_ID, as qsafe receive prints it");
        }
        try {
            URI.create(address.substring(0, hash));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the relay URL of the address is malformed");
        }
        return new String[] {address.substring(0, hash), address.substring(hash + 1)};
    }

    /** A relay failure as the CLI reports it (exit code 5, like other I/O). */
    static UncheckedIOException failure(RelayException e) {
        String what = e.status() == 0 ? "relay unreachable: " + e.getMessage()
                : "relay refused (" + e.status() + " " + e.code() + "): " + e.getMessage();
        return new UncheckedIOException(new IOException(what, e));
    }

    static RelayClient client(URI relay) {
        return new RelayClient(relay);
    }
}
