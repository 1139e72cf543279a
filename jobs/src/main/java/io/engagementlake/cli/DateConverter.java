package io.engagementlake.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses YYYY-MM-DD, with a message that says what was expected. */
public final class DateConverter implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
        try {
            return LocalDate.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a date (expected YYYY-MM-DD)");
        }
    }
}
