package dev.loadgen.cli;

import dev.loadgen.core.Header;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Converts {@code 'Name: value'} to a header, as curl and wrk take it. */
final class HeaderConverter implements ITypeConverter<Header> {
    @Override
    public Header convert(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new TypeConversionException("header '" + value + "' must look like 'Name: value'");
        }
        String name = value.substring(0, colon).trim();
        if (name.isEmpty()) {
            throw new TypeConversionException("header '" + value + "' has an empty name");
        }
        return new Header(name, value.substring(colon + 1).trim());
    }
}
