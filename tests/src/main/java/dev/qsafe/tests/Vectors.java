package dev.qsafe.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access to the shared, public test vectors ({@code ../shared/vectors}, see its README). The folder is
 * the system property {@value #PROPERTY}, set by the build; if it is missing the tests fail with a
 * message that says so rather than pass vacuously.
 */
public final class Vectors {
    /** System property naming the vectors folder. */
    public static final String PROPERTY = "qsafe.vectors.dir";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Vectors() {
    }

    /** The vectors folder. @throws IllegalStateException if it does not exist */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        Path p = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "vectors");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("test vectors folder not found at " + p.toAbsolutePath().normalize()
                    + ": clone the project next to its shared/ folder or set -D" + PROPERTY + "=PATH");
        }
        return p;
    }

    /** A file in the vectors folder, e.g. {@code wycheproof/aes_gcm_test.json.gz}. */
    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("test vector file missing: " + p.toAbsolutePath().normalize());
        }
        return p;
    }

    /** Parses a JSON vector file, gunzipping {@code .gz} files. */
    public static JsonNode json(String relative) {
        Path p = file(relative);
        try (InputStream raw = Files.newInputStream(p);
             InputStream in = p.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** Decodes hex (either case); {@code null} or absent gives an empty array. */
    public static byte[] hex(String s) {
        return s == null ? new byte[0] : HexFormat.of().parseHex(s);
    }

    /** Decodes the hex string in {@code node.field}, or an empty array if absent. */
    public static byte[] hex(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? new byte[0] : HexFormat.of().parseHex(v.asString());
    }

    /** Lower-case hex of {@code bytes}. */
    public static String toHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
