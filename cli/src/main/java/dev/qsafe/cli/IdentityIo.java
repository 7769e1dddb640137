package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import dev.qsafe.api.PolicyViolationException;
import dev.qsafe.api.QSafeException;
import dev.qsafe.runtime.QSafe;
import dev.qsafe.runtime.keys.Identity;
import dev.qsafe.runtime.keys.IdentityFileException;
import dev.qsafe.runtime.keys.IdentityFiles;
import dev.qsafe.runtime.keys.PassphraseKdf;
import dev.qsafe.runtime.keys.PublicIdentity;
import dev.qsafe.runtime.keys.WrongPassphraseException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Identity files from and to the file system, with the passphrase asked only when the file is
 * protected. Errors name the file, and say so plainly when it is the other kind of identity file (a
 * public one where a private one is needed, or the other way round) or no identity file at all.
 */
final class IdentityIo {
    private static final Set<String> PRIVATE_FORMATS = Set.of(IdentityFiles.FORMAT, IdentityFiles.UNPROTECTED_FORMAT);

    private IdentityIo() {
    }

    /** A protected identity file, its passphrase key derived with {@code kdf} (chosen by the user, never substituted). */
    static byte[] writeProtected(QSafe qsafe, Identity id, char[] passphrase, PassphraseKdf kdf) {
        return IdentityFiles.write(id, passphrase, kdf, qsafe.registry()).getBytes(StandardCharsets.UTF_8);
    }

    /** The version of the private identity file of {@code id} protected with {@code kdf} ({@code null}: unprotected). */
    static int fileVersion(Identity id, PassphraseKdf kdf) {
        return IdentityFiles.fileVersion(id.isKeyset(), kdf);
    }

    static byte[] writeUnprotected(Identity id) {
        return IdentityFiles.writeUnprotected(id).getBytes(StandardCharsets.UTF_8);
    }

    /** The signed public identity file of {@code id}. */
    static byte[] writePublic(QSafe qsafe, Identity id) {
        return IdentityFiles.writePublic(id, qsafe.registry()).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a public identity file (its text is parsed once) and checks its owner's signature over it. */
    static PublicIdentity readPublic(QSafe qsafe, String path) {
        IdentityFiles.Document file = document(path);
        String format = file.format();
        if (PRIVATE_FORMATS.contains(format)) {
            throw new InvalidInputException(path + " is a private identity file; give the public one here (the .pub file"
                    + " keygen wrote next to it), so that private keys are read only where they are needed");
        }
        requireIdentityFile(path, format);
        try {
            return IdentityFiles.readPublic(file, qsafe.registry());
        } catch (IdentityFileException e) {
            throw new InvalidInputException(path + ": " + e.getMessage(), e);
        } catch (PolicyViolationException e) {
            // a key the policy refuses: say which file, since a command may read several (seal --to A --to B)
            PolicyViolationException named = new PolicyViolationException(path + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        }
    }

    /**
     * Reads a private identity; prompts for (or reads) the passphrase only if the file is protected. The
     * text is parsed once: the format field decides, and IdentityFiles validates the whole file strictly either way.
     */
    static Identity readIdentity(QSafe qsafe, String path, PassphraseOptions passphrase) {
        IdentityFiles.Document file = document(path);
        String format = file.format();
        if (IdentityFiles.PUBLIC_FORMAT.equals(format)) {
            throw new InvalidInputException(path + " is a public identity file; this needs your private identity file"
                    + " (the one keygen wrote with -o, not its .pub)");
        }
        requireIdentityFile(path, format);
        try {
            if (IdentityFiles.UNPROTECTED_FORMAT.equals(format)) {
                return IdentityFiles.readUnprotected(file, qsafe.registry());
            }
            checkReadable(path, file, qsafe);
            char[] p = passphrase.read(false);
            try {
                return IdentityFiles.read(file, p, qsafe.registry());
            } finally {
                Arrays.fill(p, '\0');
            }
        } catch (IdentityFileException e) {
            throw new InvalidInputException(path + ": " + e.getMessage(), e);
        } catch (WrongPassphraseException e) {
            throw new QSafeException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * A private identity read to be written back changed, the passphrase that opened it and its passphrase KDF
     * ({@code null} for an unprotected file), so that the new file is protected the same way. {@link #close()}
     * wipes both.
     */
    record Rewritable(Identity identity, char[] passphrase, PassphraseKdf kdf) implements AutoCloseable {
        /** The identity file of {@code changed}, protected as the file it was read from was (same passphrase and KDF). */
        byte[] write(QSafe qsafe, Identity changed) {
            return passphrase == null ? writeUnprotected(changed) : writeProtected(qsafe, changed, passphrase, kdf);
        }

        /** The version of the identity file {@link #write} writes for {@code changed} (docs/KEYS.md). */
        int fileVersion(Identity changed) {
            return IdentityIo.fileVersion(changed, passphrase == null ? null : kdf);
        }

        /** Never the passphrase. */
        @Override
        public String toString() {
            return "Rewritable[" + identity + (passphrase == null ? ", unprotected]" : ", protected with " + kdf + "]");
        }

        @Override
        public void close() {
            identity.destroy();
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** Reads a private identity to write it back (see {@link Rewritable}); the passphrase is asked once. */
    static Rewritable readForRewrite(QSafe qsafe, String path, PassphraseOptions passphrase) {
        IdentityFiles.Document file = document(path);
        String format = file.format();
        if (IdentityFiles.PUBLIC_FORMAT.equals(format)) {
            throw new InvalidInputException(path + " is a public identity file; this needs your private identity file"
                    + " (the one keygen wrote with -o, not its .pub)");
        }
        requireIdentityFile(path, format);
        try {
            if (IdentityFiles.UNPROTECTED_FORMAT.equals(format)) {
                return new Rewritable(IdentityFiles.readUnprotected(file, qsafe.registry()), null, null);
            }
            PassphraseKdf kdf = IdentityFiles.passphraseKdf(file).orElseThrow();
            checkReadable(path, file, qsafe);
            char[] p = passphrase.read(false);
            try {
                return new Rewritable(IdentityFiles.read(file, p, qsafe.registry()), p, kdf);
            } catch (RuntimeException e) {
                Arrays.fill(p, '\0');
                throw e;
            }
        } catch (IdentityFileException e) {
            throw new InvalidInputException(path + ": " + e.getMessage(), e);
        } catch (WrongPassphraseException e) {
            throw new QSafeException(path + ": " + e.getMessage(), e);
        }
    }

    /** Refuses, before the passphrase is asked, a file whose passphrase KDF the policy profile refuses (naming the file). */
    private static void checkReadable(String path, IdentityFiles.Document file, QSafe qsafe) {
        try {
            IdentityFiles.checkReadable(file, qsafe.registry());
        } catch (PolicyViolationException e) {
            throw new PolicyViolationException(path + ": " + e.getMessage());
        }
    }

    /** Whether the identity file at {@code path} is a public one (reads it: not for standard input). */
    static boolean isPublic(String path) {
        return IdentityFiles.PUBLIC_FORMAT.equals(document(path).format());
    }

    /** The file's text, parsed (strictly, once); a file that is not a bounded JSON object is reported with its path. */
    private static IdentityFiles.Document document(String path) {
        byte[] bytes = IoSupport.read(path, CommandSupport.MAX_IDENTITY_BYTES, CommandSupport.stdin());
        String json;
        try {
            json = new String(bytes, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(bytes, (byte) 0); // an unprotected file holds private keys
        }
        try {
            return IdentityFiles.document(json);
        } catch (IdentityFileException e) {
            throw new InvalidInputException(path + ": " + e.getMessage(), e);
        }
    }

    /** Refuses a JSON object that does not say it is an identity file (other malformed files are reported by the strict reader). */
    private static void requireIdentityFile(String path, String format) {
        if (!PRIVATE_FORMATS.contains(format) && !IdentityFiles.PUBLIC_FORMAT.equals(format)) {
            throw new InvalidInputException(path + " is not a qsafe identity file (" + (format.isEmpty()
                    ? "it has no \"format\" field" : "its format is '" + (format.length() <= 40 ? format : format.substring(0, 40) + "...") + "'")
                    + ")");
        }
    }
}
