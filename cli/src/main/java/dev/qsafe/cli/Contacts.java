package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.InvalidSignatureException;
import dev.qsafe.relay.HttpSignatures;
import dev.qsafe.relay.RelayClient;
import dev.qsafe.relay.RelayException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PublicIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An identity's relay folder ({@code ID.relay/}, docs/RELAY.md "Invitations"): its mailbox (a queue on
 * a relay and the Ed25519 key that signs its fetches and its bundle), the one-time prekeys already
 * published, its contacts (one JSON file each) and the message ids already delivered. Sessions and
 * prekeys stay in the session store ({@code ID.sessions/}, as {@code qsafe session} uses it).
 */
final class Contacts {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64U = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern FP = Pattern.compile("[0-9a-f]{64}");
    /** Delivered message ids remembered (the oldest are forgotten first). */
    static final int SEEN_KEPT = 10_000;
    /** The version of the published invitation document. */
    static final int INVITATION_VERSION = 1;

    final Path dir;

    Contacts(String identityFile, Path folder) {
        this.dir = folder != null ? folder : Path.of(identityFile + ".relay");
    }

    Path mailboxFile() {
        return dir.resolve("mailbox.json");
    }

    Path contactFile(String name) {
        return dir.resolve("contacts").resolve(checkName(name) + ".json");
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("a contact name is 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter"
                    + " or digit), got \"" + Text.oneLine(String.valueOf(name)) + "\"");
        }
        return name;
    }

    // ---- the mailbox -------------------------------------------------------------------------

    /** The mailbox and the public half of its key (the bundle's owner key on the relay). */
    record Box(Mailbox mailbox, byte[] publicKey) {
        KeyPair keyPair() {
            return new KeyPair(HttpSignatures.ed25519PublicKey(publicKey), mailbox.key());
        }
    }

    Optional<Box> box() {
        Path f = mailboxFile();
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        byte[] json = read(f);
        Mailbox m = Mailbox.parse(json, f.toString());
        try {
            byte[] pub = B64D.decode(JSON.readTree(json).get("pub").asString());
            if (pub.length != 32) {
                throw new InvalidInputException(f + " is not a qsafe mailbox file");
            }
            return Optional.of(new Box(m, pub));
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            throw new InvalidInputException(f + " is not a qsafe mailbox file", e);
        }
    }

    Box createBox(URI relay) {
        KeyPair key = RelayClient.newKeyPair();
        RelayClient.QueueIds ids;
        try {
            ids = Mailbox.client(relay).createQueue(key.getPublic());
        } catch (RelayException e) {
            throw Mailbox.failure(e);
        }
        Mailbox m = Mailbox.of(relay, ids.recvId(), ids.sendId(), Mailbox.seedOf(key.getPrivate()));
        byte[] pub = HttpSignatures.rawPublicKey(key.getPublic());
        ObjectNode n = (ObjectNode) JSON.readTree(m.toJson());
        n.put("pub", B64U.encodeToString(pub));
        write(mailboxFile(), JSON.writeValueAsBytes(n));
        return new Box(m, pub);
    }

    LinkedHashSet<Long> published() {
        Path f = dir.resolve("published.json");
        LinkedHashSet<Long> out = new LinkedHashSet<>();
        if (Files.exists(f)) {
            try {
                for (JsonNode v : JSON.readTree(read(f)).get("one_time")) {
                    out.add(v.asLong());
                }
            } catch (JacksonException | NullPointerException e) {
                throw new InvalidInputException(f + " is malformed", e);
            }
        }
        return out;
    }

    void savePublished(LinkedHashSet<Long> ids) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode a = n.putArray("one_time");
        ids.forEach(a::add);
        write(dir.resolve("published.json"), JSON.writeValueAsBytes(n));
    }

    // ---- invitations -------------------------------------------------------------------------

    /** A parsed invitation URI: the relay's base URL, the mailbox's send id (also the bundle id), the fingerprint. */
    record Invitation(URI relay, String id, String fingerprint) {
        String uri() {
            String scheme = relay.getScheme().equals("https") ? "qsafe" : "qsafe+http";
            String path = relay.getRawPath() == null ? "" : relay.getRawPath();
            if (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return scheme + "://" + relay.getRawAuthority() + path + "/" + id + "#fp=" + fingerprint;
        }
    }

    /** Parses {@code qsafe://HOST[:PORT][/PATH]/ID#fp=HEX64} (https) or {@code qsafe+http://...} (plain http). */
    static Invitation parseInvitation(String text) {
        String bad = "an invitation is qsafe://HOST[:PORT]/ID#fp=FINGERPRINT (or qsafe+http:// for a relay without TLS), as"
                + " qsafe invite prints it";
        URI u;
        try {
            u = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(bad);
        }
        String http = switch (String.valueOf(u.getScheme()).toLowerCase(Locale.ROOT)) {
            case "qsafe" -> "https";
            case "qsafe+http" -> "http";
            default -> throw new InvalidInputException(bad);
        };
        String path = u.getRawPath();
        String fragment = u.getRawFragment();
        if (u.getRawAuthority() == null || u.getHost() == null || path == null || u.getRawQuery() != null || u.getRawUserInfo() != null
                || fragment == null || !fragment.startsWith("fp=")) {
            throw new InvalidInputException(bad);
        }
        int slash = path.lastIndexOf('/');
        String id = path.substring(slash + 1);
        String fp = fragment.substring(3);
        if (!ID.matcher(id).matches()) {
            throw new InvalidInputException(bad + " (the id is not a 22-character relay id)");
        }
        if (!FP.matcher(fp).matches()) {
            throw new InvalidInputException(bad + " (the fingerprint is not 64 lower-case hex digits)");
        }
        return new Invitation(URI.create(http + "://" + u.getRawAuthority() + path.substring(0, slash)), id, fp);
    }

    /** The document published at the relay as the bundle of {@code id}: the public identity and the signed prekey. */
    static byte[] invitationDocument(String publicIdentityFile, byte[] signedBundle) {
        ObjectNode n = JSON.createObjectNode();
        n.put("qsafe_invitation", INVITATION_VERSION);
        n.put("identity", publicIdentityFile);
        n.put("bundle", B64U.encodeToString(signedBundle));
        return JSON.writeValueAsBytes(n);
    }

    /** What an invitation leads to, checked: the peer's public identity and its prekey bundle. */
    record Fetched(PublicIdentity peer, String identityFile, byte[] signedBundle) {
    }

    /**
     * Reads the published document and checks that the identity in it has the invitation's fingerprint
     * (and is signed by its own keys, as every public identity file is).
     *
     * @throws InvalidSignatureException the identity is not the one the invitation names
     */
    static Fetched checkDocument(QSafe qsafe, byte[] document, Invitation inv) {
        String identity;
        byte[] bundle;
        try {
            JsonNode n = JSON.readTree(document);
            if (n.get("qsafe_invitation") == null || n.get("qsafe_invitation").asInt() != INVITATION_VERSION) {
                throw new InvalidInputException("the relay holds no qsafe invitation (version " + INVITATION_VERSION + ") at " + inv.id());
            }
            identity = n.get("identity").asString();
            bundle = B64D.decode(n.get("bundle").asString());
        } catch (JacksonException | NullPointerException | IllegalArgumentException e) {
            throw new InvalidInputException("the relay's document at " + inv.id() + " is not a qsafe invitation", e);
        }
        PublicIdentity peer;
        try {
            peer = IdentityFiles.readPublic(identity, qsafe.registry());
        } catch (dev.qsafe.api.QSafeException e) {
            throw new InvalidSignatureException("the identity published for this invitation is not a valid signed public identity"
                    + " (" + e.getMessage() + "); refusing it");
        }
        if (!MessageDigest.isEqual(peer.fingerprint().getBytes(StandardCharsets.US_ASCII),
                inv.fingerprint().getBytes(StandardCharsets.US_ASCII))) {
            throw new InvalidSignatureException("fingerprint mismatch: the invitation names " + inv.fingerprint()
                    + " but the relay serves an identity with " + peer.fingerprint()
                    + " (a modified invitation or relay); refusing it");
        }
        return new Fetched(peer, identity, bundle);
    }

    // ---- contacts ----------------------------------------------------------------------------

    /** A contact: where to send, who it is, its bundle (until a session exists), its session, unacknowledged deposits. */
    static final class Contact {
        String name;
        String invitation;
        URI relay;
        String sendId;
        String identityFile;
        PublicIdentity peer;
        byte[] bundle;
        String session;
        final List<ObjectNode> outbox = new ArrayList<>();

        byte[] toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("name", name);
            n.put("invitation", invitation);
            n.put("relay", relay.toString());
            n.put("send_id", sendId);
            n.put("fingerprint", peer.fingerprint());
            n.put("identity", identityFile);
            if (bundle != null) {
                n.put("bundle", B64U.encodeToString(bundle));
            }
            if (session != null) {
                n.put("session", session);
            }
            ArrayNode a = n.putArray("outbox");
            outbox.forEach(a::add);
            return JSON.writeValueAsBytes(n);
        }
    }

    boolean hasContact(String name) {
        return Files.exists(contactFile(name));
    }

    Contact contact(QSafe qsafe, String name) {
        Path f = contactFile(name);
        if (!Files.exists(f)) {
            throw new InvalidInputException("unknown contact \"" + name + "\": no " + f + " (add it with qsafe contact add URI;"
                    + " contacts: " + names() + ")");
        }
        return parseContact(qsafe, f);
    }

    private static Contact parseContact(QSafe qsafe, Path f) {
        try {
            JsonNode n = JSON.readTree(read(f));
            Contact c = new Contact();
            c.name = n.get("name").asString();
            c.invitation = n.get("invitation").asString();
            c.relay = URI.create(n.get("relay").asString());
            c.sendId = n.get("send_id").asString();
            c.identityFile = n.get("identity").asString();
            c.peer = IdentityFiles.readPublic(c.identityFile, qsafe.registry());
            if (!MessageDigest.isEqual(c.peer.fingerprint().getBytes(StandardCharsets.US_ASCII),
                    n.get("fingerprint").asString().getBytes(StandardCharsets.US_ASCII))) {
                throw new InvalidSignatureException(f + ": the stored identity does not have the stored fingerprint");
            }
            c.bundle = n.hasNonNull("bundle") ? B64D.decode(n.get("bundle").asString()) : null;
            c.session = n.hasNonNull("session") ? n.get("session").asString() : null;
            if (n.has("outbox")) {
                for (JsonNode o : n.get("outbox")) {
                    c.outbox.add((ObjectNode) o);
                }
            }
            return c;
        } catch (JacksonException | NullPointerException | IllegalArgumentException | ClassCastException | IdentityFileException e) {
            throw new InvalidInputException(f + " is not a qsafe contact file", e);
        }
    }

    void save(Contact c) {
        write(contactFile(c.name), c.toJson());
    }

    List<Contact> all(QSafe qsafe) {
        Path d = dir.resolve("contacts");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().map(p -> parseContact(qsafe, p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> names() {
        Path d = dir.resolve("contacts");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- delivered message ids ---------------------------------------------------------------

    LinkedHashSet<String> seen() {
        Path f = dir.resolve("seen.txt");
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (Files.exists(f)) {
            for (String line : new String(read(f), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }

    void saveSeen(LinkedHashSet<String> ids) {
        List<String> list = new ArrayList<>(ids);
        List<String> kept = list.subList(Math.max(0, list.size() - SEEN_KEPT), list.size());
        write(dir.resolve("seen.txt"), (String.join("\n", kept) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static String b64(byte[] b) {
        return B64U.encodeToString(b);
    }

    static byte[] unb64(String s) {
        return B64D.decode(s);
    }

    private static byte[] read(Path f) {
        return IoSupport.read(f.toString(), 16L << 20, CommandSupport.stdin());
    }

    /** Writes a state file atomically, owner-only (the folder holds a signing key and what the contacts are). */
    private static void write(Path f, byte[] data) {
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IoSupport.write(f.toString(), data, true, IoSupport.Rules.of(true), CommandSupport.stdout());
    }
}
