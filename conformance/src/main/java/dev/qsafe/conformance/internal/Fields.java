package dev.qsafe.conformance.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Typed, bounded access to the fields of a vector file's JSON objects. Every problem is a
 * {@link MalformedVectorException} naming the field.
 */
final class Fields {
    /** The longest hex or base64 value accepted, in characters (8 MiB of bytes as hex). */
    static final int MAX_ENCODED_CHARS = 16 * 1024 * 1024;

    private Fields() {
    }

    /** Runs {@code parse}; a {@link MalformedVectorException} it throws gets {@code where} (a case id) in front. */
    static void at(String where, Runnable parse) {
        try {
            parse.run();
        } catch (MalformedVectorException e) {
            throw new MalformedVectorException(where + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code node} is an object that has every one of {@code fields} (with any value but null). */
    static boolean has(JsonNode node, String... fields) {
        if (node == null || !node.isObject()) {
            return false;
        }
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v == null || v.isNull()) {
                return false;
            }
        }
        return true;
    }

    /** The string field. */
    static String text(JsonNode node, String field) {
        return typed(node, field, JsonNode::isString, "a string", JsonNode::asString);
    }

    /** The string field, or {@code otherwise} if absent or null. */
    static String text(JsonNode node, String field, String otherwise) {
        return present(node, field) ? text(node, field) : otherwise;
    }

    /** The integer field. */
    static int integer(JsonNode node, String field) {
        return typed(node, field, v -> v.isIntegralNumber() && v.canConvertToInt(), "an integer", JsonNode::asInt);
    }

    /** The boolean field. */
    static boolean bool(JsonNode node, String field) {
        return typed(node, field, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
    }

    /** The boolean field, or {@code otherwise} if absent or null. */
    static boolean bool(JsonNode node, String field, boolean otherwise) {
        return present(node, field) ? bool(node, field) : otherwise;
    }

    /** The hex field (either case). */
    static byte[] hex(JsonNode node, String field) {
        return hex(text(node, field), field);
    }

    /** The hex field, or {@code null} if absent or null. */
    static byte[] hexOrNull(JsonNode node, String field) {
        return present(node, field) ? hex(node, field) : null;
    }

    /** The hex field, or an empty array if absent or null. */
    static byte[] hexOrEmpty(JsonNode node, String field) {
        return present(node, field) ? hex(node, field) : new byte[0];
    }

    /** Decodes bounded hex (either case). */
    static byte[] hex(String s, String field) {
        return decode(s, field, "hex", HexFormat.of()::parseHex);
    }

    /** The base64 field. */
    static byte[] base64(JsonNode node, String field) {
        return decode(text(node, field), field, "base64", Base64.getDecoder()::decode);
    }

    private static byte[] decode(String s, String field, String encoding, Function<String, byte[]> decoder) {
        if (s.length() > MAX_ENCODED_CHARS) {
            throw new MalformedVectorException("field '" + field + "' is longer than " + MAX_ENCODED_CHARS + " characters");
        }
        try {
            return decoder.apply(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedVectorException("field '" + field + "' is not " + encoding + " (" + e.getMessage() + ")", e);
        }
    }

    /** The array field's strings; an empty list if absent or null. */
    static List<String> strings(JsonNode node, String field) {
        if (!present(node, field)) {
            return List.of();
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw new MalformedVectorException("field '" + field + "' must be an array");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isString()) {
                throw new MalformedVectorException("field '" + field + "' must contain strings only");
            }
            out.add(e.asString());
        }
        return List.copyOf(out);
    }

    /** The array field's elements, each of which must be an object. */
    static List<JsonNode> objects(JsonNode node, String field) {
        JsonNode v = require(node, field);
        return elements(v, "field '" + field + "'");
    }

    /** The elements of an array, each of which must be an object; {@code what} names the array in messages. */
    static List<JsonNode> elements(JsonNode array, String what) {
        if (!array.isArray()) {
            throw new MalformedVectorException(what + " must be an array");
        }
        List<JsonNode> out = new ArrayList<>(array.size());
        for (JsonNode e : array) {
            if (!e.isObject()) {
                throw new MalformedVectorException(what + " must contain objects only");
            }
            out.add(e);
        }
        return out;
    }

    private static boolean present(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && !v.isNull();
    }

    private static <T> T typed(JsonNode node, String field, Predicate<JsonNode> isType, String type, Function<JsonNode, T> value) {
        JsonNode v = require(node, field);
        if (!isType.test(v)) {
            throw new MalformedVectorException("field '" + field + "' must be " + type);
        }
        return value.apply(v);
    }

    private static JsonNode require(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedVectorException("field '" + field + "' is missing");
        }
        return v;
    }
}
