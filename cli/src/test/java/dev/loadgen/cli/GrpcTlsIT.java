package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.grpc.RecordingServer;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** grpcs:// against grpc-java servers with certificates of a self-signed CA made here: verification, -k, --cacert, mTLS. */
class GrpcTlsIT {
    private static final String CALL = "loadgen.target.Target/Unary";

    @TempDir
    static Path dir;

    private static Path caCert;
    private static Path serverCert;
    private static Path serverKey;
    private static Path clientCert;
    private static Path clientKey;

    /** A self-signed CA that no system trusts, and the server and client certificates it issued. */
    @BeforeAll
    static void certificates() throws Exception {
        X509Bundle ca = new CertificateBuilder()
                .subject("CN=loadgen test CA")
                .ecp256()
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder()
                .subject("CN=localhost")
                .ecp256()
                .addSanDnsName("localhost")
                .addSanDnsName("loadgen.test")
                .addSanIpAddress("127.0.0.1")
                .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
                .addExtendedKeyUsageServerAuth()
                .buildIssuedBy(ca);
        X509Bundle client = new CertificateBuilder()
                .subject("CN=loadgen client")
                .ecp256()
                .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature)
                .addExtendedKeyUsageClientAuth()
                .buildIssuedBy(ca);
        caCert = write("ca.pem", ca.getCertificatePEM());
        serverCert = write("server.pem", server.getCertificatePEM());
        serverKey = write("server.key", server.getPrivateKeyPEM());
        clientCert = write("client.pem", client.getCertificatePEM());
        clientKey = write("client.key", client.getPrivateKeyPEM());
    }

    private static Path write(String name, String pem) throws Exception {
        return Files.writeString(dir.resolve(name), pem);
    }

    private static RecordingServer tlsServer(boolean requireClientCert) throws Exception {
        SslContextBuilder builder = GrpcSslContexts.forServer(serverCert.toFile(), serverKey.toFile());
        if (requireClientCert) {
            builder.trustManager(caCert.toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        SslContext context = builder.build();
        return new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA, context).start();
    }

    private static CliRun run(RecordingServer server, String... options) {
        // A JVM's first TLS handshake on a busy machine can take seconds; --timeout also bounds connecting.
        List<String> args =
                new ArrayList<>(List.of("-t", "1", "-c", "2", "-n", "20", "--timeout", "15s", "--call", CALL));
        args.addAll(List.of(options));
        args.add(server.uri().toString());
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertCannotStart(CliRun run, String fragment) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.CANNOT_START);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err())
                .startsWith("loadgen: ")
                .contains(fragment)
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aSelfSignedCertificateIsRefusedByDefault() throws Exception {
        try (RecordingServer server = tlsServer(false)) {
            CliRun run = run(server);
            assertCannotStart(run, "TLS handshake with 127.0.0.1:" + server.port() + " failed");
            assertThat(server.calls()).isEmpty();
        }
    }

    @Test
    void insecureSkipsVerification() throws Exception {
        try (RecordingServer server = tlsServer(false)) {
            CliRun run = run(server, "-k");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("Status code distribution:\n  [OK]\t20 responses");
            assertThat(server.calls()).hasSize(20);
        }
    }

    @Test
    void cacertTrustsTheServerCertificateIssuer() throws Exception {
        try (RecordingServer server = tlsServer(false)) {
            CliRun run = run(server, "--cacert", caCert.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("[OK]\t20 responses");
            assertThat(server.calls()).hasSize(20).allSatisfy(call -> {
                assertThat(call.authority()).isEqualTo("127.0.0.1:" + server.port());
                assertThat(call.serverNames()).isEmpty(); // no SNI for an IP address
            });
        }
    }

    @Test
    void mutualTlsWithClientCertificate() throws Exception {
        try (RecordingServer server = tlsServer(true)) {
            CliRun run = run(
                    server,
                    "--cacert",
                    caCert.toString(),
                    "--cert",
                    clientCert.toString(),
                    "--key",
                    clientKey.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(server.calls()).hasSize(20);
        }
    }

    @Test
    void aServerThatRequiresAClientCertificateRefusesARunWithout() throws Exception {
        try (RecordingServer server = tlsServer(true)) {
            CliRun run = run(server, "--cacert", caCert.toString());
            assertCannotStart(run, "127.0.0.1:" + server.port());
            assertThat(server.calls()).isEmpty();
        }
    }

    @Test
    void authorityOverridesAuthorityAndServerName() throws Exception {
        try (RecordingServer server = tlsServer(false)) {
            CliRun run = run(server, "--cacert", caCert.toString(), "--authority", "loadgen.test");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(server.calls()).hasSize(20).allSatisfy(call -> {
                assertThat(call.authority()).isEqualTo("loadgen.test");
                assertThat(call.serverNames()).containsExactly("loadgen.test");
            });
        }
    }

    @Test
    void anAuthorityTheCertificateDoesNotNameFailsVerification() throws Exception {
        try (RecordingServer server = tlsServer(false)) {
            CliRun run = run(server, "--cacert", caCert.toString(), "--authority", "other.test");
            assertCannotStart(run, "TLS handshake with 127.0.0.1:" + server.port() + " failed");
            assertThat(server.calls()).isEmpty();
        }
    }
}
