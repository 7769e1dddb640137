package dev.qsafe.cli;

/**
 * Text from files (identity names, fields quoted in errors) made safe to print on a terminal: control
 * characters (escape sequences could move the cursor and overwrite what was printed), format
 * characters (bidirectional overrides and isolates reorder what follows, zero-width characters hide),
 * line and paragraph separators, and unpaired surrogates are shown as {@code \\uXXXX}; a backslash
 * is doubled so that an escape cannot be spoofed. Everything else prints as is.
 */
final class Text {
    private Text() {
    }

    /** {@code s} with every character that could change how the rest of the line reads escaped. */
    static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') {
                b.append("\\\\");
            } else if (unsafe(cp)) {
                b.append(String.format(java.util.Locale.ROOT, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /**
     * {@code s} on one line for an error message: control characters become spaces (as before), other
     * characters that could hide or reorder text are escaped like {@link #escape}.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.CONTROL) {
                b.append(' ');
            } else if (unsafe(cp)) {
                b.append(String.format(java.util.Locale.ROOT, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    private static boolean unsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
