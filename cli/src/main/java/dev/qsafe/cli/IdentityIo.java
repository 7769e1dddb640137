package dev.qsafe.cli;

import dev.qsafe.runtime.Identity;
import dev.qsafe.runtime.IdentityFiles;
import dev.qsafe.runtime.PublicIdentity;
import dev.qsafe.runtime.QSafe;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Identity files from and to the file system, with the passphrase asked only when the file is protected. */
final class IdentityIo {
    private IdentityIo() {
    }

    static byte[] writeProtected(QSafe qsafe, Identity id, char[] passphrase) {
        return IdentityFiles.write(id, passphrase, qsafe.registry()).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] writeUnprotected(Identity id) {
        return IdentityFiles.writeUnprotected(id).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] writePublic(PublicIdentity id) {
        return IdentityFiles.writePublic(id).getBytes(StandardCharsets.UTF_8);
    }

    static PublicIdentity readPublic(String path) {
        return IdentityFiles.readPublic(text(path));
    }

    /** Reads a private identity; prompts for (or reads) the passphrase only if the file is protected. */
    static Identity readIdentity(QSafe qsafe, String path, PassphraseOptions passphrase) {
        String json = text(path);
        // The format field decides; IdentityFiles validates the whole file strictly either way.
        if (IdentityFiles.UNPROTECTED_FORMAT.equals(format(json))) {
            return IdentityFiles.readUnprotected(json, qsafe.registry());
        }
        char[] p = passphrase.read(false);
        try {
            return IdentityFiles.read(json, p, qsafe.registry());
        } finally {
            Arrays.fill(p, '\0');
        }
    }

    private static String text(String path) {
        return new String(IoSupport.read(path, CommandSupport.MAX_IDENTITY_BYTES, CommandSupport.stdin()), StandardCharsets.UTF_8);
    }

    private static String format(String json) {
        try {
            JsonNode format = JsonMapper.builder().build().readTree(json).get("format");
            return format != null && format.isString() ? format.asString() : null;
        } catch (JacksonException e) {
            return null; // not JSON: the strict reader reports it
        }
    }
}
