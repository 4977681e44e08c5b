package dev.loadgen.core;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Parses the quantities users type: durations ({@code 30}, {@code 500ms}, {@code 2m}) and counts ({@code 1k}). Pure; any thread. */
public final class Quantities {
    private Quantities() {}

    /**
     * A duration in nanoseconds: a number (decimals allowed) with an optional unit {@code us ms s m h}; a bare
     * number is in {@code bareUnit}.
     *
     * @throws InputException for anything else, negative values, or values beyond a year
     */
    public static long parseDurationNanos(String text, TimeUnit bareUnit) throws InputException {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int split = numberEnd(s);
        String number = s.substring(0, split);
        String unit = s.substring(split).trim();
        long nanosPerUnit = switch (unit) {
            case "" -> bareUnit.toNanos(1);
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s", "sec" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> -1L;
        };
        if (number.isEmpty() || nanosPerUnit < 0) {
            throw new InputException("invalid duration '" + text + "' (examples: 30, 30s, 500ms, 2m, 1h)");
        }
        double value = parseNumber(number, text, "duration");
        double nanos = value * nanosPerUnit;
        if (nanos > TimeUnit.DAYS.toNanos(366)) {
            throw new InputException("duration '" + text + "' is too long");
        }
        return Math.round(nanos);
    }

    /**
     * A count: a whole number with an optional SI suffix {@code k M G} (x1000), case-insensitive for k.
     *
     * @throws InputException for anything else or a value that is not whole
     */
    public static long parseCount(String text) throws InputException {
        String s = text == null ? "" : text.trim();
        int split = numberEnd(s);
        String number = s.substring(0, split);
        long multiplier = switch (s.substring(split)) {
            case "" -> 1L;
            case "k", "K" -> 1_000L;
            case "m", "M" -> 1_000_000L;
            case "g", "G" -> 1_000_000_000L;
            default -> -1L;
        };
        if (number.isEmpty() || multiplier < 0) {
            throw new InputException("invalid count '" + text + "' (examples: 100, 10k, 1M)");
        }
        double value = parseNumber(number, text, "count") * multiplier;
        if (value != Math.rint(value) || value > Long.MAX_VALUE / 2.0) {
            throw new InputException("invalid count '" + text + "' (must be a whole number)");
        }
        return (long) value;
    }

    /**
     * A size in bytes: a whole number with an optional unit {@code B}, {@code K}, {@code M}, {@code G} ({@code KB},
     * {@code KiB}, ... read the same: powers of 1024), in any case.
     *
     * @throws InputException for anything else, or a size beyond {@code maxBytes}
     */
    public static long parseBytes(String text, long maxBytes) throws InputException {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        int split = numberEnd(s);
        String number = s.substring(0, split);
        long multiplier = switch (s.substring(split).trim()) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> -1L;
        };
        if (number.isEmpty() || multiplier < 0) {
            throw new InputException("invalid size '" + text + "' (examples: 65536, 512KiB, 64MiB, 1GiB)");
        }
        double bytes = parseNumber(number, text, "size") * multiplier;
        if (bytes != Math.rint(bytes) || bytes < 1 || bytes > maxBytes) {
            throw new InputException(
                    "invalid size '" + text + "' (a whole number of bytes from 1 to " + formatBytes(maxBytes) + ")");
        }
        return (long) bytes;
    }

    /** {@code 64 MiB}, {@code 1.5 GiB}, {@code 512 bytes}: the largest unit that keeps the number at least 1. */
    public static String formatBytes(long bytes) {
        String[] units = {"KiB", "MiB", "GiB"};
        String unit = null;
        double value = bytes;
        for (int i = 0; i < units.length && value >= 1024; i++) {
            value /= 1024;
            unit = units[i];
        }
        if (unit == null) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String number =
                value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + unit;
    }

    private static int numberEnd(String s) {
        int i = 0;
        while (i < s.length()
                && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || (i == 0 && s.charAt(i) == '-'))) {
            i++;
        }
        return i;
    }

    private static double parseNumber(String number, String text, String what) throws InputException {
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new InputException("invalid " + what + " '" + text + "'");
        }
        if (value < 0 || Double.isNaN(value)) {
            throw new InputException(what + " must not be negative: '" + text + "'");
        }
        return value;
    }
}
