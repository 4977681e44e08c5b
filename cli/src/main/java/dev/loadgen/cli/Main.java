package dev.loadgen.cli;

/** Entry point of the {@code loadgen} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
