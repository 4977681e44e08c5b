package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Quantities;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code 30}, {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h} to nanoseconds; a bare number is seconds. */
final class DurationConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Quantities.parseDurationNanos(value, TimeUnit.SECONDS);
        } catch (InputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
