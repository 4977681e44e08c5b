package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Quantities;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts counts such as {@code 100}, {@code 10k}, {@code 1M}. */
final class CountConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Quantities.parseCount(value);
        } catch (InputException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
