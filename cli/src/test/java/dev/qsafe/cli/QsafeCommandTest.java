package dev.qsafe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

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

    @Test
    void named_skipsTheProfilesValue_andIsEmptyForTheRootsHelpBeforeACommand() {
        assertEquals(Optional.of(SealCommand.class), QsafeCommand.named("--profile", "cnsa2", "seal", "--to", "x"));
        assertTrue(QsafeCommand.named("--help", "seal").isEmpty(), "the root's help lists every command");
        assertTrue(QsafeCommand.named("-h", "seal").isEmpty());
        assertTrue(QsafeCommand.named("--verbose", "-hV", "seal").isEmpty());
        assertTrue(QsafeCommand.named("--version", "seal").isEmpty());
        assertEquals(Optional.of(SealCommand.class), QsafeCommand.named("seal", "--help"), "seal's own help");
    }

    @Test
    void rootOnly_isTrueForRootOptionsAlone_falseWithAnyWord() {
        assertTrue(QsafeCommand.rootOnly());
        assertTrue(QsafeCommand.rootOnly("--help"));
        assertTrue(QsafeCommand.rootOnly("-V"));
        assertTrue(QsafeCommand.rootOnly("--verbose", "--config", "c.json", "--profile", "cnsa2", "-h"));
        assertFalse(QsafeCommand.rootOnly("--help", "seal"));
        assertFalse(QsafeCommand.rootOnly("help"));
        assertFalse(QsafeCommand.rootOnly("--verbose", "sael"));
        assertFalse(QsafeCommand.rootOnly("--", "--help"));
        assertFalse(QsafeCommand.rootOnly("-"));
    }

    /** The root's help built from the full model of every subcommand: what it was before the listings. */
    private static CommandLine fullModel() {
        CommandLine cl = new CommandLine(new QsafeCommand());
        QsafeCommand.SUBCOMMANDS.forEach(cl::addSubcommand);
        return cl;
    }

    @Test
    void rootHelp_withTheListings_isTheRootHelpOfTheFullModels_withAndWithoutColours() {
        CommandLine listed = new CommandLine(new QsafeCommand());
        QsafeCommand.SUBCOMMANDS.forEach(c -> listed.addSubcommand(QsafeCommand.listing(c)));
        CommandLine full = fullModel();
        assertEquals(full.getUsageMessage(Ansi.OFF), listed.getUsageMessage(Ansi.OFF));
        assertEquals(full.getUsageMessage(Ansi.ON), listed.getUsageMessage(Ansi.ON));
        assertEquals(full.getSubcommands().keySet(), listed.getSubcommands().keySet(), "names and aliases");
        assertTrue(full.getUsageMessage(Ansi.OFF).contains("Commands:"));
    }

    @Test
    void main_rootHelpAndNoArguments_printTheFullModelsHelp_andHelpBeforeACommandListsEveryCommand() {
        String expected = fullModel().getUsageMessage(Ansi.OFF);
        for (String[] args : new String[][] {{"--help"}, {}, {"--verbose"}, {"-h"}, {"--help", "seal"}, {"help"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
            assertEquals(0, code, String.join(" ", args) + ": " + err);
            assertEquals(expected, out.toString(), String.join(" ", args));
            assertEquals("", err.toString(), String.join(" ", args));
        }
    }
}
