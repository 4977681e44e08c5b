package dev.loadgen.core.gate;

import dev.loadgen.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses assertion expressions ({@code p99<25ms}, {@code rps>=5k}, {@code errors<0.1%},
 * {@code status:Unavailable==0}) and regression-limit lists ({@code p99=10%,rps=5%}). Every problem is an
 * {@link InputException} whose message quotes the expression and says what is wrong with it.
 *
 * <p>Immutable; any thread.
 */
public final class AssertionParser {
    private static final String KNOWN_LATENCY = "p50 p75 p90 p95 p99 p99.9 p99.99 (any pN), max, mean, the same "
            + "with an uncorrected. prefix, rps, errors, timeouts, ";

    private static final Pattern COMPARISON = Pattern.compile("^(.*?)(<=|>=|==|!=|<|>|=)(.*)$", Pattern.DOTALL);
    private static final Pattern QUANTITY = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*(\\S*)$");
    private static final Pattern PERCENTILE = Pattern.compile("^p([0-9]+(?:\\.[0-9]+)?)$");
    private static final String UNCORRECTED = "uncorrected.";

    private final StatusNames statusNames;

    /**
     * @param statusNames how {@code status:NAME} is resolved and which other names {@code status_errors} has;
     *                    {@link StatusNames#NUMERIC} for numbers only
     */
    public AssertionParser(StatusNames statusNames) {
        this.statusNames = statusNames;
    }

    /** The metric names users can type, for messages. */
    public String knownMetrics() {
        List<String> statusErrors = new ArrayList<>(statusNames.errorStatusAliases());
        statusErrors.add(Metric.STATUS_ERRORS_NAME);
        return KNOWN_LATENCY + String.join(", ", statusErrors) + ", status:CODE, dropped";
    }

    /**
     * Parses one assertion expression.
     *
     * @throws InputException naming the expression and the problem
     */
    public Assertion parse(String expression) throws InputException {
        String text = expression == null ? "" : expression.strip();
        if (text.isEmpty()) {
            throw new InputException("empty assertion (example: 'p99<25ms')");
        }
        Matcher comparison = COMPARISON.matcher(text);
        if (!comparison.matches()) {
            throw invalid(text, "no comparison; use <, <=, >, >= or == (example: p99<25ms)");
        }
        String symbol = comparison.group(2);
        Operator operator = Operator.of(symbol);
        if (operator == null) {
            throw invalid(text, "'" + symbol + "' is not a comparison; use <, <=, >, >= or ==");
        }
        Metric metric = metric(comparison.group(1).strip(), text);
        String valueText = comparison.group(3).strip();
        if (valueText.isEmpty()) {
            throw invalid(text, "no value after '" + symbol + "'");
        }
        Matcher quantity = QUANTITY.matcher(valueText);
        if (!quantity.matches()) {
            throw invalid(text, "'" + valueText + "' is not a number with an optional unit");
        }
        double number = Double.parseDouble(quantity.group(1));
        String unit = quantity.group(2);
        if (unit.equals("%")) {
            if (metric.kind() != Metric.Kind.ERRORS && metric.kind() != Metric.Kind.TIMEOUTS) {
                throw invalid(
                        text,
                        "'%' does not fit " + metric.name() + ", " + describe(metric)
                                + "; only errors and timeouts take a percentage");
            }
            if (number > 100) {
                throw invalid(text, "a percentage cannot exceed 100%");
            }
            return new Assertion(metric, operator, number, true, text);
        }
        return new Assertion(metric, operator, number * unitFactor(metric, unit, text), false, text);
    }

    /** Parses every expression, in order. */
    public List<Assertion> parseAll(List<String> expressions) throws InputException {
        List<Assertion> assertions = new ArrayList<>(expressions.size());
        for (String expression : expressions) {
            assertions.add(parse(expression));
        }
        return assertions;
    }

    /**
     * A list of regression limits: {@code METRIC=N%} separated by commas.
     *
     * @throws InputException naming the item and the problem
     */
    public List<RegressionLimit> parseRegressionLimits(String list) throws InputException {
        List<RegressionLimit> limits = new ArrayList<>();
        for (String item : (list == null ? "" : list).split(",", -1)) {
            String text = item.strip();
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw new InputException(
                        "invalid regression limit '" + text + "': expected METRIC=PERCENT, e.g. p99=10%");
            }
            String metricText = text.substring(0, equals).strip();
            Metric metric;
            try {
                metric = metric(metricText, text);
            } catch (InputException e) {
                throw new InputException(e.getMessage().replace("invalid assertion", "invalid regression limit"));
            }
            String value = text.substring(equals + 1).strip();
            Matcher quantity = QUANTITY.matcher(value);
            if (!quantity.matches() || !quantity.group(2).equals("%")) {
                throw new InputException("invalid regression limit '" + text
                        + "': the limit must be a percentage, e.g. " + metric.name() + "=10%");
            }
            limits.add(new RegressionLimit(metric, Double.parseDouble(quantity.group(1)), text));
        }
        return limits;
    }

    private Metric metric(String typed, String text) throws InputException {
        if (typed.isEmpty()) {
            throw invalid(text, "no metric before the comparison (known: " + knownMetrics() + ")");
        }
        String name = typed.toLowerCase(Locale.ROOT);
        if (name.startsWith("status:")) {
            return status(typed.substring("status:".length()).strip(), text);
        }
        boolean uncorrected = name.startsWith(UNCORRECTED);
        String base = uncorrected ? name.substring(UNCORRECTED.length()) : name;
        Metric metric = switch (base) {
            case "max" -> Metric.of(Metric.Kind.MAX, uncorrected);
            case "mean" -> Metric.of(Metric.Kind.MEAN, uncorrected);
            case "rps" -> Metric.of(Metric.Kind.RPS, false);
            case "errors" -> Metric.of(Metric.Kind.ERRORS, false);
            case "timeouts" -> Metric.of(Metric.Kind.TIMEOUTS, false);
            case "dropped" -> Metric.of(Metric.Kind.DROPPED, false);
            default ->
                base.equals(Metric.STATUS_ERRORS_NAME)
                                || statusNames.errorStatusAliases().contains(base)
                        ? Metric.statusErrors(base)
                        : percentile(base, uncorrected, typed, text);
        };
        if (uncorrected && !metric.kind().latency()) {
            throw invalid(text, "the uncorrected. prefix applies to latency metrics only, not " + base);
        }
        return metric;
    }

    private Metric percentile(String base, boolean uncorrected, String typed, String text) throws InputException {
        Matcher percentile = PERCENTILE.matcher(base);
        if (!percentile.matches()) {
            throw invalid(text, "unknown metric '" + typed + "' (known: " + knownMetrics() + ")");
        }
        double value = Double.parseDouble(percentile.group(1));
        if (value <= 0 || value > 100) {
            throw invalid(text, "percentile " + percentile.group(1) + " is not between 0 and 100");
        }
        return Metric.percentile(value, uncorrected);
    }

    private Metric status(String code, String text) throws InputException {
        if (code.isEmpty()) {
            throw invalid(text, "status: needs a code, e.g. status:503");
        }
        if (code.chars().allMatch(Character::isDigit)) {
            int value = code.length() > 3 ? -1 : Integer.parseInt(code);
            if (value < 0) {
                throw invalid(text, "status code " + code + " is out of range");
            }
            return Metric.status(value, Integer.toString(value));
        }
        OptionalInt resolved = statusNames.code(code);
        if (resolved.isEmpty()) {
            throw invalid(
                    text,
                    "unknown status '" + code + "' (a status code such as 503, or a status name of the "
                            + "target's protocol)");
        }
        return Metric.status(resolved.getAsInt(), code);
    }

    private static double unitFactor(Metric metric, String unit, String text) throws InputException {
        if (metric.kind().latency()) {
            return switch (unit) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "" ->
                    throw invalid(
                            text,
                            metric.name() + " is a latency and needs a unit: us, ms or s " + "(e.g. " + metric.name()
                                    + "<25ms)");
                default ->
                    throw invalid(
                            text, "unit '" + unit + "' does not fit " + metric.name() + ", a latency; use us, ms or s");
            };
        }
        return switch (unit) {
            case "" -> 1;
            case "k", "K" -> 1e3;
            case "M" -> 1e6;
            case "G" -> 1e9;
            default ->
                throw invalid(
                        text,
                        "unit '" + unit + "' does not fit " + metric.name() + ", " + describe(metric)
                                + "; use a plain number or k, M, G");
        };
    }

    private static String describe(Metric metric) {
        return switch (metric.kind()) {
            case PERCENTILE, MAX, MEAN -> "a latency";
            case RPS -> "a rate in requests per second";
            default -> "a count";
        };
    }

    private static InputException invalid(String text, String problem) {
        return new InputException("invalid assertion '" + text + "': " + problem);
    }
}
