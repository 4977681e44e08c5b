package dev.loadgen.http.serve;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One client connection over a plain socket, for checking what goes over the wire byte for byte: keep-alive,
 * pipelining, Connection headers and exact byte counts. Reads time out rather than hang a test.
 */
final class RawConnection implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private long bytesRead;

    RawConnection(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
    }

    /** Writes {@code request} as is, in one write. */
    RawConnection send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads one response whose body length is given by Content-Length (absent means none). */
    Response read() throws IOException {
        return read(false);
    }

    /** Reads one response to a HEAD request: its Content-Length describes a body that is not sent. */
    Response readHeadResponse() throws IOException {
        return read(true);
    }

    /** True when the server has closed the connection and nothing more is to be read. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Every byte read from the server so far. */
    long bytesRead() {
        return bytesRead;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Response read(boolean head) throws IOException {
        String statusLine = readLine();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(statusLine.split(" ", -1)[1]);
        String length = headers.get("content-length");
        byte[] body = in.readNBytes(head || length == null ? 0 : Integer.parseInt(length));
        if (length != null && !head && body.length != Integer.parseInt(length)) {
            throw new EOFException("body ended after " + body.length + " of " + length + " bytes");
        }
        bytesRead += body.length;
        return new Response(statusLine, status, headers, body);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed mid-response");
            }
            line.write(b);
        }
        bytesRead += line.size() + 1;
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    // Never compared nor hashed, so equals and hashCode by array identity do no harm.
    @SuppressWarnings("ArrayRecordComponent")
    record Response(String statusLine, int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
