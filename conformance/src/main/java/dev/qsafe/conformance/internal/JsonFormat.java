package dev.qsafe.conformance.internal;

import tools.jackson.databind.JsonNode;

/** A JSON vector schema: recognises a document by its structure and parses it into a {@link Plan}. */
interface JsonFormat {
    /**
     * The parsed file if {@code root} has this schema, else {@code null}.
     *
     * @throws MalformedVectorException if it has the schema's shape but breaks it
     */
    Recognised recognise(JsonNode root, Context context);
}
