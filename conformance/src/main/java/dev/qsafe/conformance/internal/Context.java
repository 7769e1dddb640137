package dev.qsafe.conformance.internal;

import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What a format may use while parsing a file: its path, the engines, and the other JSON files beside
 * it (for ACVP prompts and their expected results).
 *
 * @param file    the file being parsed
 * @param engines the engines cases will run on
 * @param reader  reads another JSON file, with the runner's limits
 */
record Context(Path file, Engines engines, JsonReader reader) {
    /** Reads a JSON file with the runner's limits. */
    @FunctionalInterface
    interface JsonReader {
        /** The document, or empty if {@code file} does not exist. @throws MalformedVectorException if unreadable */
        Optional<JsonNode> read(Path file);
    }

    /** A new, empty plan over the engines. */
    Plan plan() {
        return new Plan(engines);
    }
}
