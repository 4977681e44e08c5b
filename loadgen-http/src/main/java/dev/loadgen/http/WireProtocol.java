package dev.loadgen.http;

/** The protocol a run's connections speak, named as ALPN and the JSON result name it. */
enum WireProtocol {
    HTTP_1_1("http/1.1", "HTTP/1.1"),
    /** HTTP/2 over TLS, chosen through ALPN. */
    H2("h2", "HTTP/2"),
    /** HTTP/2 over cleartext TCP, with prior knowledge. */
    H2C("h2c", "HTTP/2");

    private final String id;
    private final String displayName;

    WireProtocol(String id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    /** ALPN's name for it ({@code h2c} for cleartext HTTP/2), as the JSON result gives it. */
    String id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    boolean http2() {
        return this != HTTP_1_1;
    }
}
