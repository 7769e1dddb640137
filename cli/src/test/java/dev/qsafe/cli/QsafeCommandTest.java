package dev.qsafe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QsafeCommandTest {
    @Test
    void named_findsTheSubcommand_pastRootOptionsAndTheirValues() {
        assertEquals(Optional.of(SealCommand.class), QsafeCommand.named("seal", "--to", "x"));
        assertEquals(Optional.of(OpenCommand.class), QsafeCommand.named("--verbose", "--config", "seal", "open"));
        assertEquals(Optional.of(InspectCommand.class), QsafeCommand.named("--provider-path=p", "inspect", "--json"));
        assertEquals(Optional.of(KeyCommand.class), QsafeCommand.named("key", "show", "a.pub"));
    }

    @Test
    void named_isEmpty_forHelpVersionUnknownWordsAndEndOfOptions() {
        assertTrue(QsafeCommand.named().isEmpty());
        assertTrue(QsafeCommand.named("--help").isEmpty());
        assertTrue(QsafeCommand.named("help", "seal").isEmpty(), "help lists or shows any command: all are added");
        assertTrue(QsafeCommand.named("sael").isEmpty(), "picocli then suggests 'seal' from the full list");
        assertTrue(QsafeCommand.named("--", "seal").isEmpty());
    }

    @Test
    void everySubcommand_isListedOnce() {
        assertEquals(QsafeCommand.SUBCOMMANDS.size(), QsafeCommand.SUBCOMMANDS.stream().distinct().count());
        for (Class<?> c : QsafeCommand.SUBCOMMANDS) {
            if (!c.equals(picocli.CommandLine.HelpCommand.class)) {
                String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
                assertEquals(Optional.of(c), QsafeCommand.named(name), name);
            }
        }
    }
}
