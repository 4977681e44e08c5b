package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.Protocols;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.gate.StatusNames;
import dev.loadgen.core.report.JsonResultReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a result saved with {@code --json}, turning every problem into one line that names the file. */
final class SavedResult {
    private SavedResult() {}

    /**
     * @param role what the file is to the command, for messages: {@code --baseline file}, {@code baseline}
     * @throws InputException when the file is missing, unreadable or not a loadgen result
     */
    static RunResult read(Path file, String role) throws InputException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return JsonResultReader.read(in);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read " + role + " '" + file + "': no such file");
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read " + role + " '" + file + "': permission denied");
        } catch (IOException e) {
            throw new InputException("cannot read " + role + " '" + file + "': " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InputException(role + " '" + file + "' is not a loadgen --json result: " + e.getMessage());
        }
    }

    /** The protocol of {@code result}'s target among {@code protocols}, or null when none serves its scheme. */
    static Protocol protocol(RunResult result, Protocols protocols) {
        try {
            return protocols.forScheme(result.spec().target().uri().getScheme());
        } catch (InputException e) {
            return null;
        }
    }

    /** How the protocol of {@code result}'s target names its statuses; numbers when no protocol serves it here. */
    static StatusNames statusNames(RunResult result, Protocols protocols) {
        Protocol protocol = protocol(result, protocols);
        return protocol == null ? StatusNames.NUMERIC : protocol.statusNames();
    }
}
