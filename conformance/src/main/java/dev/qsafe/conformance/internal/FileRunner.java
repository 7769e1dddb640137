package dev.qsafe.conformance.internal;

import dev.qsafe.runtime.registry.CryptoRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one file: reads it within the limits, recognises its schema from its content, parses it into a
 * plan and runs the plan, turning every problem with the file into a result rather than an exception.
 */
public final class FileRunner {
    /** What the runner made of a file. */
    public enum Kind {
        /** The file matched a schema; its cases ran. */
        RECOGNISED,
        /** The file matched no schema. */
        NOT_RECOGNISED,
        /** The file could not be read, or broke the schema it matched. */
        MALFORMED
    }

    /**
     * The file-level result; the cases' outcomes went to the {@link Outcomes} given to {@link #run}.
     *
     * @param kind   recognised or not, or malformed
     * @param format the schema's description, or empty
     * @param note   why it was not recognised or is malformed, or a remark, or empty
     * @param unforeseen the exception that made the file malformed although no check of the file
     *                   raised it (a bug of the runner, which fails closed), or {@code null}
     * @param countedElsewhere whether a recognised file's cases run with another file (ACVP expected
     *                         results, with their prompt), so that it has none of its own by design
     */
    public record Result(Kind kind, String format, String note, RuntimeException unforeseen, boolean countedElsewhere) {
        /** A result that no unforeseen exception made. */
        public Result(Kind kind, String format, String note) {
            this(kind, format, note, null, false);
        }
    }

    /** The JSON schemas, in the order they are tried (each recognises a shape no other one has). */
    private static final List<JsonFormat> FORMATS = List.of(new Wycheproof(), new Acvp(), new HpkeVectors(),
            new HybridKemVectors(), new Rfc7748Vectors(), new CompositeVectors(), new CctvAccumulated(), new CctvEd25519Vectors());

    private final Engines engines;
    private final long maxFileBytes;
    private final JsonMapper mapper;

    /**
     * @param registry     where the engines come from
     * @param engine       the one provider to run, or {@code null} for all
     * @param maxFileBytes the largest file read, after decompression
     */
    public FileRunner(CryptoRegistry registry, String engine, long maxFileBytes) {
        this.engines = new Engines(registry, engine);
        this.maxFileBytes = maxFileBytes;
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(64)
                                .maxStringLength(Fields.MAX_ENCODED_CHARS)
                                .maxDocumentLength(maxFileBytes)
                                .maxNameLength(1024)
                                .maxNumberLength(32)
                                .build())
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Runs {@code file}, sending each case's outcome to {@code outcomes}; never throws for anything the file contains. */
    public Result run(Path file, Outcomes outcomes) {
        String name = VectorFiles.baseName(file);
        boolean json = name.endsWith(".json");
        // .input: SUPERCOP's sign.input; like .txt, recognised by its content, whatever it is called.
        if (!json && !name.endsWith(".txt") && !name.endsWith(".input")) {
            return new Result(Kind.NOT_RECOGNISED, "", "not a recognised vector file (only .json, .txt, .input and their .gz forms are read)");
        }
        Recognised recognised;
        try {
            byte[] content = VectorFiles.read(file, maxFileBytes);
            recognised = json ? recogniseJson(parse(content), file) : recogniseText(content, file);
        } catch (MalformedVectorException e) {
            return new Result(Kind.MALFORMED, "", e.getMessage());
        } catch (RuntimeException e) {
            // A shape no check foresaw: fail closed, with what went wrong, rather than end the whole run.
            return new Result(Kind.MALFORMED, "", "could not be parsed (" + e + ")", e, false);
        }
        if (recognised == null) {
            return new Result(Kind.NOT_RECOGNISED, "", "not a recognised vector file (no known schema matches its content)");
        }
        recognised.plan().run(new CaseRunner(outcomes, engines.restricted()));
        return new Result(Kind.RECOGNISED, recognised.format(), recognised.note(), null, recognised.countedElsewhere());
    }

    private Recognised recogniseJson(JsonNode root, Path file) {
        Context context = new Context(file, engines, this::readJson);
        for (JsonFormat format : FORMATS) {
            Recognised r = format.recognise(root, context);
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private Recognised recogniseText(byte[] content, Path file) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            List<String> lines = text.lines().toList();
            Context context = new Context(file, engines, this::readJson);
            Recognised supercop = SupercopSignInput.recognise(lines, context);
            return supercop != null ? supercop : CctvText.recognise(lines, context);
        } catch (CharacterCodingException e) {
            return null; // not UTF-8 text, so none of the text formats
        }
    }

    private Optional<JsonNode> readJson(Path file) {
        return Files.isRegularFile(file) ? Optional.of(parse(VectorFiles.read(file, maxFileBytes))) : Optional.empty();
    }

    private JsonNode parse(byte[] content) {
        try {
            return mapper.readTree(content);
        } catch (JacksonException e) {
            throw new MalformedVectorException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
