package dev.loadgen.nativeimage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a GitHub Actions {@code if:} condition for a given event, as far as the event decides it: the
 * contexts it knows ({@code github.event_name}, {@code github.ref}) have values, every other one (the runner, the
 * matrix, outputs) is unknown, and so is any result that depends on one. Enough for the conditions the
 * workflows use: {@code && || !}, parentheses, {@code == !=}, string literals, {@code startsWith}, {@code contains},
 * and the status functions (a job's steps are judged on the path where everything before them succeeded).
 */
final class WorkflowCondition {
    /** Three-valued: whether the condition holds for that event. */
    enum Result {
        TRUE,
        FALSE,
        UNKNOWN;

        static Result of(boolean value) {
            return value ? TRUE : FALSE;
        }

        Result and(Result other) {
            if (this == FALSE || other == FALSE) {
                return FALSE;
            }
            return this == TRUE && other == TRUE ? TRUE : UNKNOWN;
        }

        Result or(Result other) {
            if (this == TRUE || other == TRUE) {
                return TRUE;
            }
            return this == FALSE && other == FALSE ? FALSE : UNKNOWN;
        }

        Result not() {
            return this == UNKNOWN ? UNKNOWN : of(this == FALSE);
        }
    }

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(&&|\\|\\||==|!=|[!(),])|'((?:[^']|'')*)'|([A-Za-z_][\\w.-]*(?:\\[[^\\]]*\\])?(?:\\.[\\w-]+)*)|(\\S))");
    /** A value the event does not decide. */
    private static final Object UNKNOWN_VALUE = new Object();

    private final Map<String, String> contexts;
    private final List<String> tokens = new ArrayList<>();
    private final List<Boolean> literals = new ArrayList<>();
    private int position;

    private WorkflowCondition(String condition, Map<String, String> contexts) {
        this.contexts = contexts;
        String expression = condition.strip();
        if (expression.startsWith("${{") && expression.endsWith("}}")) {
            expression = expression.substring(3, expression.length() - 2);
        }
        Matcher matcher = TOKEN.matcher(expression);
        while (matcher.find()) {
            if (matcher.group(4) != null) {
                throw new IllegalArgumentException("cannot read '" + matcher.group(4) + "' in: " + condition);
            }
            boolean literal = matcher.group(2) != null;
            tokens.add(
                    literal
                            ? matcher.group(2).replace("''", "'")
                            : matcher.group().strip());
            literals.add(literal);
        }
    }

    /** Whether {@code condition} holds where the known contexts have the given values; empty means always. */
    static Result evaluate(String condition, Map<String, String> contexts) {
        if (condition == null || condition.isBlank()) {
            return Result.TRUE;
        }
        WorkflowCondition parser = new WorkflowCondition(condition, contexts);
        Result result = truth(parser.or());
        if (parser.position != parser.tokens.size()) {
            throw new IllegalArgumentException("cannot read the end of: " + condition);
        }
        return result;
    }

    private Object or() {
        Object left = and();
        while (accept("||")) {
            left = truth(left).or(truth(and()));
        }
        return left;
    }

    private Object and() {
        Object left = unary();
        while (accept("&&")) {
            left = truth(left).and(truth(unary()));
        }
        return left;
    }

    private Object unary() {
        if (accept("!")) {
            return truth(unary()).not();
        }
        Object left = primary();
        if (accept("==")) {
            return equal(left, primary());
        }
        if (accept("!=")) {
            return truth(equal(left, primary())).not();
        }
        return left;
    }

    private Object primary() {
        if (accept("(")) {
            Object inner = or();
            expect(")");
            return inner;
        }
        boolean literal = literals.get(position);
        String token = tokens.get(position++);
        if (literal) {
            return token;
        }
        if (accept("(")) {
            List<Object> arguments = new ArrayList<>();
            if (!accept(")")) {
                do {
                    arguments.add(or());
                } while (accept(","));
                expect(")");
            }
            return call(token.toLowerCase(Locale.ROOT), arguments);
        }
        if (token.equals("true") || token.equals("false")) {
            return Result.of(token.equals("true"));
        }
        return contexts.containsKey(token) ? contexts.get(token) : UNKNOWN_VALUE;
    }

    private static Object call(String function, List<Object> arguments) {
        switch (function) {
            case "success", "always" -> {
                return Result.TRUE;
            }
            case "failure", "cancelled" -> {
                return Result.FALSE;
            }
            case "startswith", "endswith", "contains" -> {
                if (!(arguments.get(0) instanceof String text) || !(arguments.get(1) instanceof String part)) {
                    return Result.UNKNOWN;
                }
                String a = text.toLowerCase(Locale.ROOT);
                String b = part.toLowerCase(Locale.ROOT);
                return Result.of(
                        function.equals("startswith")
                                ? a.startsWith(b)
                                : function.equals("endswith") ? a.endsWith(b) : a.contains(b));
            }
            default -> {
                return UNKNOWN_VALUE;
            }
        }
    }

    private static Object equal(Object left, Object right) {
        if (left instanceof String a && right instanceof String b) {
            return Result.of(a.equalsIgnoreCase(b));
        }
        return Result.UNKNOWN;
    }

    private static Result truth(Object value) {
        if (value instanceof Result result) {
            return result;
        }
        if (value instanceof String text) {
            return Result.of(!text.isEmpty());
        }
        return Result.UNKNOWN;
    }

    private boolean accept(String token) {
        if (position < tokens.size()
                && !literals.get(position)
                && tokens.get(position).equals(token)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw new IllegalArgumentException("expected " + token + " at token " + position + " of " + tokens);
        }
    }
}
