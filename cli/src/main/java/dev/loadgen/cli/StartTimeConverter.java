package dev.loadgen.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts {@code --start-at}: an RFC 3339 time with its offset ({@code 2026-05-04T12:00:00Z},
 * {@code 2026-05-04T14:00:00.250+02:00}) or milliseconds since the epoch ({@code 1777896000000}).
 */
final class StartTimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String text = value.strip();
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is too large for milliseconds since the epoch");
            }
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither an RFC 3339 time with its offset "
                    + "(2026-05-04T12:00:00Z) nor milliseconds since the epoch");
        }
    }
}
