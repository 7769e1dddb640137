package dev.qsafe.cli;

import dev.qsafe.api.CryptoMode;
import dev.qsafe.api.InvalidInputException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses mode names with their aliases ({@code quantum}, {@code pq}) for picocli. */
final class ModeConverter implements ITypeConverter<CryptoMode> {
    @Override
    public CryptoMode convert(String value) {
        try {
            return CryptoMode.parse(value);
        } catch (InvalidInputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
