package dev.loadgen.core;

/** One request header or metadata entry, as the user gave it. */
public record Header(String name, String value) {

    /** Header names whose values are secrets and are never printed in reports. */
    public boolean isSecret() {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.equals("authorization") || lower.equals("proxy-authorization") || lower.equals("cookie")
                || lower.contains("token") || lower.contains("api-key") || lower.contains("apikey");
    }
}
