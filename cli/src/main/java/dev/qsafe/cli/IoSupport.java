package dev.qsafe.cli;

import dev.qsafe.api.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * Reading inputs with a size bound and writing outputs atomically (a temporary file in the target
 * folder, moved into place only when complete), so a failed command never leaves a partial file.
 */
final class IoSupport {
    private static final String ARMOR_PREFIX = "-----BEGIN QSAFE ";

    private IoSupport() {
    }

    /** Reads {@code path} ("-" or null = standard input), refusing more than {@code max} bytes. */
    static byte[] read(String path, long max, InputStream stdin) {
        try {
            if (path == null || path.equals("-")) {
                return bounded(stdin, max, "standard input");
            }
            Path p = Path.of(path);
            long size = Files.size(p);
            if (size > max) {
                throw new InvalidInputException(path + " is " + size + " bytes, more than the limit of " + max);
            }
            try (InputStream in = Files.newInputStream(p)) {
                return bounded(in, max, path);
            }
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(new IOException(path + ": no such file", e));
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException(new IOException(path + ": permission denied", e));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(path + ": " + e.getMessage(), e));
        }
    }

    private static byte[] bounded(InputStream in, long max, String what) throws IOException {
        byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (data.length > max) {
            throw new InvalidInputException(what + " is more than the limit of " + max + " bytes");
        }
        return data;
    }

    /**
     * Writes {@code data} to {@code path} ("-" or null = {@code stdout}) atomically.
     *
     * @param secret create the file readable by its owner only
     */
    static void write(String path, byte[] data, boolean secret, OutputStream stdout) {
        try {
            if (path == null || path.equals("-")) {
                stdout.write(data);
                stdout.flush();
                return;
            }
            Path target = Path.of(path).toAbsolutePath();
            Path dir = target.getParent();
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                try {
                    // The temporary file starts owner-only; public outputs become readable like any new file.
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's ACL applies.
                }
                Files.write(tmp, data);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException(new IOException(path + ": permission denied", e));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(new IOException(path + ": the folder does not exist", e));
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException(new IOException(path + ": exists", e));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException(path + ": " + e.getMessage(), e));
        }
    }

    /** Base64 in 64-character lines between BEGIN/END lines naming {@code kind}. */
    static byte[] armor(String kind, byte[] data) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data);
        return ("-----BEGIN QSAFE " + kind + "-----\n" + body + "\n-----END QSAFE " + kind + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary form: input starting with "-----BEGIN QSAFE " is armored and decoded, anything else is returned as is. */
    static byte[] dearmor(byte[] data, String kind) {
        String prefix = ARMOR_PREFIX + kind + "-----";
        if (data.length < ARMOR_PREFIX.length()
                || !new String(data, 0, ARMOR_PREFIX.length(), StandardCharsets.US_ASCII).equals(ARMOR_PREFIX)) {
            return data;
        }
        String text = new String(data, StandardCharsets.US_ASCII).strip();
        String suffix = "-----END QSAFE " + kind + "-----";
        if (!text.startsWith(prefix) || !text.endsWith(suffix)) {
            throw new InvalidInputException("armored input must be between '" + prefix + "' and '" + suffix + "'");
        }
        String body = text.substring(prefix.length(), text.length() - suffix.length()).replaceAll("\\s+", "");
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("armored input is not valid base64");
        }
    }
}
