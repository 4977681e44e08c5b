package dev.loadgen.cli;

import dev.loadgen.http.serve.TargetServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The built-in HTTP target on an ephemeral loopback port, started before each test and closed after it. */
final class BuiltInTarget implements BeforeEachCallback, AfterEachCallback {
    private TargetServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = TargetServer.builder().port(0).threads(1).build();
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    TargetServer server() {
        return server;
    }
}
