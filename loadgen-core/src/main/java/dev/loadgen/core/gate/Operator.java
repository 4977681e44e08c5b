package dev.loadgen.core.gate;

/** A comparison of an assertion, spelled as users type it. Pure; any thread. */
public enum Operator {
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    EQUAL("==");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Whether {@code measured} satisfies this comparison with {@code threshold}; NaN (nothing measured) never does. */
    public boolean test(double measured, double threshold) {
        return switch (this) {
            case LESS -> measured < threshold;
            case LESS_OR_EQUAL -> measured <= threshold;
            case GREATER -> measured > threshold;
            case GREATER_OR_EQUAL -> measured >= threshold;
            case EQUAL -> measured == threshold;
        };
    }

    /** Whether the measured value may only grow during a run before this comparison can no longer hold. */
    boolean isCeiling() {
        return this == LESS || this == LESS_OR_EQUAL || this == EQUAL;
    }

    /** The operator for symbol {@code text}, or null. */
    static Operator of(String text) {
        for (Operator operator : values()) {
            if (operator.symbol.equals(text)) {
                return operator;
            }
        }
        return null;
    }
}
