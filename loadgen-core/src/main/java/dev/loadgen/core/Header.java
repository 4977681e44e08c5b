package dev.loadgen.core;

/** One request header or metadata entry, as the user gave it. Reports show names only, never values. */
public record Header(String name, String value) {}
