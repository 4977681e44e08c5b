package dev.loadgen.cli;

import dev.loadgen.core.Header;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts {@code 'Name: value'} to a header, as curl and wrk take it. A malformed header is never quoted whole in
 * the error: its value may be a secret ({@code -H 'Authorization Bearer ...'} with the colon forgotten).
 */
final class HeaderConverter implements ITypeConverter<Header> {
    /** A header name (an RFC 9110 token) followed by a space: quoted as the likely name of a header. */
    private static final Pattern NAME_THEN_SPACE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64})\\s.*");

    @Override
    public Header convert(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            var name = NAME_THEN_SPACE.matcher(value.strip());
            throw new TypeConversionException(
                    name.matches()
                            ? "header '" + name.group(1)
                                    + " ...' must look like 'Name: value' (the rest is not shown: it "
                                    + "may be a secret)"
                            : "a header must look like 'Name: value' (this one is not shown: it may be a secret)");
        }
        String name = value.substring(0, colon).trim();
        if (name.isEmpty()) {
            throw new TypeConversionException(
                    "a header has an empty name (its value is not shown: it may be a secret)");
        }
        return new Header(name, value.substring(colon + 1).trim());
    }
}
